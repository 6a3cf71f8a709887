//! A `contact-desk sandbox` process: a local HighLevel in another process, for the tests
//! and benchmarks that drive the real binary or app. Declared beside `cli.rs`, which it
//! adds profiles with.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::cli::{add_profile, succeeded};

/// A `contact-desk sandbox` process on a free port, stopped when dropped.
pub struct SandboxProcess {
    pub child: Child,
    /// What it printed before `ready`: `base_url`, `token`, `location_id` and the rest.
    pub printed: HashMap<String, String>,
}

impl SandboxProcess {
    /// Starts `contact-desk sandbox args` and reads what it prints up to `ready`.
    pub fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contact-desk"))
            .arg("sandbox")
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the sandbox starts");
        let stdout = child.stdout.take().expect("the sandbox's stdout");
        let printed = BufReader::new(stdout)
            .lines()
            .map(|line| line.expect("a line from the sandbox"))
            .take_while(|line| line != "ready")
            .map(|line| {
                let (key, value) = line.split_once(": ").expect("a `key: value` line");
                (key.to_owned(), value.to_owned())
            })
            .collect();
        Self { child, printed }
    }

    pub fn base_url(&self) -> &str {
        self.value("base_url")
    }

    pub fn token(&self) -> &str {
        self.value("token")
    }

    pub fn location_id(&self) -> &str {
        self.value("location_id")
    }

    fn value(&self, key: &str) -> &str {
        self.printed
            .get(key)
            .unwrap_or_else(|| panic!("the sandbox printed no {key}"))
    }

    /// Adds the sandbox as the profile "Sandbox" (the active one, when it is the first).
    pub fn add_profile(&self, data_dir: &Path) {
        self.add_profile_at(data_dir, "Sandbox", self.base_url());
    }

    /// Adds a profile `name` for the sandbox's location reached at `base_url` (its own, or
    /// a proxy in front of it), with the token piped in as a user would.
    pub fn add_profile_at(&self, data_dir: &Path, name: &str, base_url: &str) {
        let location = self.location_id();
        succeeded(&add_profile(
            data_dir,
            name,
            location,
            base_url,
            self.token(),
        ));
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        self.stop();
    }
}
