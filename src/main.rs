fn main() {
    std::process::exit(solieu::cli::main());
}
