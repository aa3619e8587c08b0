//! Rebuilds the crate when a migration is added or changed: `sqlx::migrate!` embeds the migration files at compile
//! time, and cargo does not see new files in a folder on its own.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
