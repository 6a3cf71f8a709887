//! `contact-desk open <link>`: the same as the system launching the app with a link.
//! The window's single-instance check hands it to a running window and exits at once.

use std::process::ExitCode;

use clap::Args;

use super::exit::Exit;
use crate::links::ContactLink;

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// contactdesk://contact/<locationId>/<contactId>
    #[arg(value_name = "LINK")]
    pub link: String,
}

pub fn run(args: OpenArgs, open_window: fn() -> ExitCode) -> ExitCode {
    match ContactLink::parse(&args.link) {
        Ok(_) => open_window(),
        Err(error) => {
            eprintln!("contact-desk open: {error}");
            Exit::Invalid.into()
        }
    }
}
