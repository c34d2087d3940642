fn main() {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`solieu yoy |
    // head`) would panic; like other command-line tools, end quietly.
    #[cfg(unix)]
    // SAFETY: called first in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(solieu::cli::main());
}
