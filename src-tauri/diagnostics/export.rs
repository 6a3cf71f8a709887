//! The support bundle ("Export diagnostics", `contact-desk doctor --export`): one zip a
//! person can attach to a support request. It holds what support asks first (versions,
//! the doctor's probes, the cache schema, the log files, the request log) and nothing a
//! log does not: the request log records routes, ids and statuses, never a body or a
//! header, and the leak tests scan the zip for a token.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use super::Diagnostics;
use crate::cache::{LoggedRequest, SCHEMA_VERSION};

/// The request log's length: all a cache keeps.
pub const BUNDLED_REQUESTS: u32 = 5_000;

/// What goes into the bundle, gathered by the caller (the app or the CLI).
pub struct Bundle<'a> {
    pub diagnostics: &'a Diagnostics,
    /// The active profile's request log, newest first; empty without a cache.
    pub requests: &'a [LoggedRequest],
    pub log_dir: Option<&'a Path>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Versions<'a> {
    app: &'a str,
    cache_schema: usize,
    webview: Option<&'a str>,
    platform: &'a str,
}

/// Writes the bundle to `target` atomically: a failure leaves no half-written zip.
pub fn write_bundle(target: &Path, bundle: &Bundle) -> std::io::Result<()> {
    let dir = target.parent().filter(|dir| !dir.as_os_str().is_empty());
    let staged = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
    let mut zip = ZipWriter::new(staged);
    add_entries(&mut zip, bundle)?;
    let staged = zip.finish().map_err(std::io::Error::other)?;
    staged.persist(target).map_err(|error| error.error)?;
    Ok(())
}

fn add_entries<W: Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    bundle: &Bundle,
) -> std::io::Result<()> {
    let d = bundle.diagnostics;
    let versions = Versions {
        app: &d.app_version,
        cache_schema: SCHEMA_VERSION,
        webview: d.webview_version.as_deref(),
        platform: &d.platform,
    };
    add(zip, "versions.json", &serde_json::to_vec_pretty(&versions)?)?;
    add(zip, "doctor.json", &serde_json::to_vec_pretty(d)?)?;
    add(zip, "requests.jsonl", &json_lines(bundle.requests)?)?;
    for file in bundle
        .log_dir
        .map(crate::logging::log_files)
        .unwrap_or_default()
    {
        let Some(name) = file.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        add(zip, &format!("logs/{name}"), &std::fs::read(&file)?)?;
    }
    Ok(())
}

fn add<W: Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    zip.start_file(name, SimpleFileOptions::default())
        .map_err(std::io::Error::other)?;
    zip.write_all(bytes)
}

fn json_lines(requests: &[LoggedRequest]) -> std::io::Result<Vec<u8>> {
    let mut lines = Vec::new();
    for request in requests {
        serde_json::to_writer(&mut lines, &request.record)?;
        lines.push(b'\n');
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::diagnostics::Check;

    fn diagnostics() -> Diagnostics {
        let fine = Check {
            usable: true,
            detail: "ok".into(),
        };
        Diagnostics {
            app_version: "9.9.9".into(),
            platform: "Test OS".into(),
            webview_version: None,
            data_dir: None,
            data_dir_check: fine.clone(),
            keychain: fine,
        }
    }

    fn entry(path: &Path, name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn the_bundle_holds_versions_probes_and_the_log_files() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir(&logs).unwrap();
        std::fs::write(logs.join("contact-desk.2026-11-29.log"), "a line\n").unwrap();
        std::fs::write(logs.join("unrelated.txt"), "not a log").unwrap();
        let target = dir.path().join("bundle.zip");
        let diagnostics = diagnostics();
        let bundle = Bundle {
            diagnostics: &diagnostics,
            requests: &[],
            log_dir: Some(&logs),
        };
        write_bundle(&target, &bundle).unwrap();

        let versions: serde_json::Value =
            serde_json::from_str(&entry(&target, "versions.json")).unwrap();
        assert_eq!(versions["app"], "9.9.9");
        assert_eq!(versions["cacheSchema"], SCHEMA_VERSION);
        assert!(entry(&target, "doctor.json").contains("Test OS"));
        assert_eq!(
            entry(&target, "logs/contact-desk.2026-11-29.log"),
            "a line\n"
        );
        let archive = zip::ZipArchive::new(std::fs::File::open(&target).unwrap()).unwrap();
        assert_eq!(
            archive.len(),
            4,
            "no file but the logs from the log directory"
        );
    }

    #[test]
    fn an_unwritable_target_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let diagnostics = diagnostics();
        let bundle = Bundle {
            diagnostics: &diagnostics,
            requests: &[],
            log_dir: None,
        };
        let target = dir.path().join("missing").join("bundle.zip");
        assert!(write_bundle(&target, &bundle).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
