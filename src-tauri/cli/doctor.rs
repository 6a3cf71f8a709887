use std::process::ExitCode;

use crate::diagnostics::{Check, Diagnostics};

pub fn run(webview_version: Option<String>) -> ExitCode {
    let diagnostics = Diagnostics::collect(webview_version);
    print!("{}", render(&diagnostics));
    let problems = diagnostics.problems();
    if problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    for problem in problems {
        eprintln!("contact-desk doctor: {problem}");
    }
    ExitCode::FAILURE
}

fn render(d: &Diagnostics) -> String {
    format!(
        "Contact Desk {}\n\
         Platform:        {}\n\
         WebView:         {}\n\
         Data directory:  {} ({})\n\
         OS keychain:     {}\n",
        d.app_version,
        d.platform,
        d.webview_version.as_deref().unwrap_or("unknown"),
        d.data_dir.as_deref().unwrap_or("none"),
        status(&d.data_dir_check, "{}", "UNUSABLE"),
        status(&d.keychain, "{} (reachable)", "UNAVAILABLE"),
    )
}

/// `healthy` is a template whose `{}` receives the check's detail.
fn status(check: &Check, healthy: &str, failure: &str) -> String {
    match check.usable {
        true => healthy.replace("{}", &check.detail),
        false => format!("{failure}: {}", check.detail),
    }
}
