//! The `no_std` wasm32 build (the npm package, `--no-default-features`).
//!
//! With std, every reachable panic — a bounds check, an `unwrap` the
//! optimiser could not prove away, an allocation failure — links std's panic
//! machinery, which formats the message with `core::fmt` and then aborts.
//! On wasm32-unknown-unknown nobody can read that message, and the machinery
//! was a third of the module. Here a panic traps at once (`unreachable`),
//! exactly what `panic = "abort"` ends in anyway, so JS sees a
//! `RuntimeError: unreachable` and nothing is formatted, nothing printed: no
//! card data can reach a panic message either.
//!
//! Nothing in Tessera is meant to panic: every validator takes any string
//! (the fuzz targets and property tests hold it to that).

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
