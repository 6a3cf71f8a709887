//! The app one patch version ahead, and otherwise the same: tests/e2e/update.rs serves it
//! as release N+1 to the test build (N), which must update itself to it. An example, so
//! `cargo test` builds it beside the app without compiling the library twice.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut context = tauri::generate_context!();
    context.package_info_mut().version.patch += 1;
    contact_desk::desktop::run_with(context)
}
