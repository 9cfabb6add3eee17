//! Helpers for the integration tests in `tests/tests/`: find the real `bole` binary.

use std::path::PathBuf;
use std::process::Command;

/// Path of the `bole` binary built by `cargo test --workspace` (it builds every member's binaries
/// before running tests). Builds it if a lone `cargo test -p bole-tests` left it out.
pub fn bole_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> → target/<profile>/bole
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target dir")
        .to_path_buf();
    let bin = dir.join(format!("bole{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "bole-server", "--bin", "bole"])
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building bole failed");
    }
    bin
}
