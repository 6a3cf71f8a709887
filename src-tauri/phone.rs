//! Phone numbers as HighLevel stores them: E.164 (`+18832327657`) whenever the input can be
//! read as one, with a bare 10-digit number taken as North American (HighLevel's default
//! country is the US). Anything else is kept as typed. The sandbox stores phones through
//! it and duplicate detection compares them through it.

/// E.164 allows at most 15 digits; below 8 no country has a full number.
const DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

pub fn normalise(input: &str) -> String {
    let trimmed = input.trim();
    e164(trimmed).unwrap_or_else(|| trimmed.to_owned())
}

/// The number in E.164, or `None` when the text cannot be read as one.
pub fn e164(text: &str) -> Option<String> {
    let is_separator = |c: char| c.is_whitespace() || "-.()/".contains(c);
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '+' || is_separator(c))
    {
        return None;
    }
    let international = text.starts_with('+') || text.starts_with("00");
    if text.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let digits = match (international, digits.len()) {
        (true, _) if text.starts_with("00") => digits[2..].to_owned(),
        (true, _) => digits,
        (false, 10) => format!("1{digits}"),
        (false, 11) if digits.starts_with('1') => digits,
        (false, _) => return None,
    };
    DIGITS.contains(&digits.len()).then(|| format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_become_e164() {
        assert_eq!(normalise("+1 888-888-8888"), "+18888888888");
        assert_eq!(normalise("(415) 555-0134"), "+14155550134");
        assert_eq!(normalise("1 415 555 0134"), "+14155550134");
        assert_eq!(normalise("0044 20 7946 0958"), "+442079460958");
        assert_eq!(normalise(" +49 151 2345 6789 "), "+4915123456789");
    }

    #[test]
    fn what_cannot_be_read_is_kept_as_typed() {
        assert_eq!(normalise("ext. 42"), "ext. 42");
        assert_eq!(normalise("555-0134"), "555-0134");
        assert_eq!(normalise("+1 555 +0134"), "+1 555 +0134");
    }
}
