use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use crate::error::AppError;

/// Opens a link from contact data in the system browser: http(s) only, so a
/// `javascript:` or `file:` value in a record can never run or open anything.
#[tauri::command]
#[specta::specta]
pub async fn open_external(app: AppHandle, url: String) -> Result<(), AppError> {
    let parsed = safe_link(&url).ok_or_else(|| AppError::Validation {
        messages: vec!["Only http and https links can be opened.".to_owned()],
    })?;
    app.opener()
        .open_url(parsed.as_str(), None::<&str>)
        .map_err(|error| AppError::Io {
            message: format!("the browser could not be opened: {error}"),
        })
}

/// `example.com` gets `https://`; anything with another scheme is refused.
pub fn safe_link(text: &str) -> Option<url::Url> {
    let text = text.trim();
    let candidate = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let url = url::Url::parse(&candidate).ok()?;
    (matches!(url.scheme(), "http" | "https") && url.host().is_some()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_open() {
        assert_eq!(
            safe_link("example.com").unwrap().as_str(),
            "https://example.com/"
        );
        assert!(safe_link("http://example.com/a?b").is_some());
        assert!(safe_link("javascript:alert(1)").is_none());
        assert!(safe_link("JavaScript://%0aalert(1)").is_none());
        assert!(safe_link("file:///etc/passwd").is_none());
        assert!(safe_link("data:text/html,<script>").is_none());
        assert!(safe_link("").is_none());
    }
}
