//! Running the `contact-desk` binary as a user would, shared by the integration tests.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `contact-desk` on `data_dir`, unaffected by any CONTACT_DESK_* settings of the shell
/// running the tests: a test sets the ones it means.
pub fn contact_desk(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_contact-desk"));
    command
        .env("CONTACT_DESK_DATA_DIR", data_dir)
        .env_remove("CONTACT_DESK_TOKEN")
        .env_remove("CONTACT_DESK_BASE_URL")
        .env_remove("CONTACT_DESK_LOCATION");
    command
}

/// Runs `contact-desk args` on `data_dir` with `stdin` piped in (tokens are never
/// arguments).
pub fn run(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    run_piped(contact_desk(data_dir).args(args), stdin)
}

/// `contact-desk profile add` of a profile `name` for `location` at `base_url`, with
/// `token` piped in as a user would type it.
pub fn add_profile(
    data_dir: &Path,
    name: &str,
    location: &str,
    base_url: &str,
    token: &str,
) -> Output {
    let args = [
        "profile",
        "add",
        "--name",
        name,
        "--location",
        location,
        "--base-url",
        base_url,
    ];
    run(data_dir, &args, &format!("{token}\n"))
}

/// Runs `command` to its end with `stdin` piped in.
pub fn run_piped(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The command's stdout, once it is known to have succeeded (else both outputs fail the test).
pub fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}
