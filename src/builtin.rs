//! The default rule pack and the sample corpus, compiled into the binary
//! (see `build.rs`): an installed `solieu` works anywhere, without the
//! source tree. `--rules DIR` or `SOLIEU_RULES` use another pack; `solieu
//! rules init DIR` writes this one out for editing.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
