//! Integration tests of the chain: whole flows through `Chain::build_block`, as a node drives it.

mod childkeys;
mod consensus;
mod conservation;
mod flows;
mod metadata;
mod registration;
mod root;
mod root_emission;
mod support;
