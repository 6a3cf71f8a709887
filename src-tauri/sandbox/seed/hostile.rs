//! Hostile strings on a handful of the newest contacts (where a demo's first screen shows
//! them): HTML and script, CSV formula prefixes, a `javascript:` link, right-to-left text and
//! an override character, emoji, and very long values.

pub(super) const SCRIPT: &str = "<script>alert('x')</script>";
pub(super) const IMG: &str = "<img src=x onerror=alert(1)>";
pub(super) const HYPERLINK: &str = r#"=HYPERLINK("http://evil.example","click")"#;
pub(super) const JAVASCRIPT_URL: &str = "javascript:alert(1)";
pub(super) const RTL_OVERRIDE: &str = "\u{202E}txt.exe";
pub(super) const LONG_COMPANY_CHARS: usize = 300;
pub(super) const LONG_NOTE_CHARS: usize = 5_000;

/// One change to a contact, or a record added to it.
pub(super) enum Edit {
    FirstName(String),
    LastName(String),
    Company(String),
    Website(String),
    Tag(String),
    TaskTitle(String),
    NoteBody(String),
}

/// How many of the newest contacts get edits.
pub(super) const RANKS: usize = 14;

/// The edits for the contact that is `rank`-th newest.
pub(super) fn edits_for(rank: usize) -> Vec<Edit> {
    use Edit::*;
    let text = |s: &str| s.to_owned();
    match rank {
        0 => vec![
            FirstName(text(SCRIPT)),
            NoteBody(format!("Customer pasted this into the form: {IMG}")),
        ],
        1 => vec![LastName(text(IMG)), TaskTitle(text(SCRIPT))],
        2 => vec![
            Company(text(HYPERLINK)),
            Tag(text("=cmd|' /C calc'!A0")),
            TaskTitle(text(HYPERLINK)),
        ],
        3 => vec![
            FirstName(text("+SUM(A1:A9)")),
            TaskTitle(text("+SUM(A1:A9)")),
        ],
        4 => vec![
            LastName(text("-2+3")),
            Tag(text("@cmd")),
            TaskTitle(text("-2+3 follow-up")),
        ],
        5 => vec![
            FirstName(text("@cmd")),
            Company(text("+SUM(A1:A9) Holdings")),
            TaskTitle(text("@SUM(1+1) reconcile")),
        ],
        6 => vec![
            FirstName(text("\tTabbed")),
            Company(text("\rCarriage Return Ltd")),
            Tag(text("\tleading-tab")),
            TaskTitle(text("\rCall back")),
        ],
        7 => vec![
            Website(text(JAVASCRIPT_URL)),
            NoteBody(format!(
                "Website link: <a href=\"{JAVASCRIPT_URL}\">open</a>"
            )),
        ],
        8 => vec![
            FirstName(text("محمد")),
            LastName(text("العلي")),
            NoteBody(text("اتصل بالعميل غدًا بخصوص العرض")),
        ],
        9 => vec![FirstName(text("שרה")), LastName(text("לוי"))],
        10 => vec![FirstName(text("Override")), LastName(text(RTL_OVERRIDE))],
        11 => vec![
            FirstName(text("👩‍💻 Ada")),
            Tag(text("🚀 launch")),
            TaskTitle(text("Ship it 🚀")),
        ],
        12 => vec![Company(long_company()), NoteBody(long_note())],
        13 => vec![NoteBody(format!("{SCRIPT} pinned by mistake"))],
        _ => Vec::new(),
    }
}

fn repeat_to(phrase: &str, chars: usize) -> String {
    phrase.chars().cycle().take(chars).collect()
}

fn long_company() -> String {
    repeat_to(
        "Consolidated International Holdings of Remarkably Long Names and Subsidiaries ",
        LONG_COMPANY_CHARS,
    )
}

fn long_note() -> String {
    repeat_to(
        "Very long call transcript: the customer went through every line item again. ",
        LONG_NOTE_CHARS,
    )
}
