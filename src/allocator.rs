//! The wasm32 global allocator: every heap block is wiped before it is freed.
//!
//! Any script on the page can read the module's whole linear memory
//! (`WebAssembly.Memory.buffer`). `SecretString` and `Zeroizing` wipe the
//! buffers Tessera knows hold card data, but not every copy: the `String`
//! wasm-bindgen makes of a JS string passed in (`value.as_string()`), a copy
//! a library makes while deserialising, the old buffer a growing `Vec` leaves
//! behind. Without this allocator those blocks go back to the free list with
//! the digits still in them, and stay readable until reused.
//!
//! `WipeOnFree` wraps talc (`talc::wasm`, a well-kept allocator for
//! single-threaded wasm, a fraction of the size of the dlmalloc std brings)
//! and overrides only `dealloc`, which zeroes the
//! block with volatile writes (`zeroize`, so the compiler cannot drop the
//! writes as dead stores) and then frees it. `realloc` is deliberately *not*
//! forwarded to the inner `realloc`, which may grow or shrink a block in place
//! (leaving a shrunk tail unwiped) or move it without wiping the old one: the
//! trait's default `realloc` allocates the new block, copies, and calls
//! `self.dealloc` on the old one, so it is wiped too.
//!
//! Cost: one volatile write per byte freed, a few microseconds per call for
//! the small blocks the validators use.
//!
//! This is the only module allowed `unsafe` code (the crate denies it
//! elsewhere); it is compiled for wasm32 only.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::mem::MaybeUninit;
use talc::wasm::WasmDynamicTalc;
use zeroize::Zeroize;

/// Talc, wiping each block before freeing it.
pub struct WipeOnFree(WasmDynamicTalc);

// SAFETY: every method forwards to talc with the caller's arguments
// unchanged, so talc's guarantees carry over; `dealloc` additionally
// writes zeroes to the `layout.size()` bytes of a block the caller owns and
// is about to give back, which is within the block's bounds.
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded; the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded; the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` is a block currently allocated
        // by this allocator with `layout`, so its `layout.size()` bytes are
        // ours to write. They are viewed as `MaybeUninit<u8>` because part of
        // the block may never have been initialised (a `Vec`'s spare
        // capacity), and zero is a valid `MaybeUninit<u8>`.
        unsafe {
            core::slice::from_raw_parts_mut(ptr.cast::<MaybeUninit<u8>>(), layout.size()).zeroize();
            self.0.dealloc(ptr, layout);
        }
    }

    // `realloc` is the trait's default on purpose: alloc, copy, `self.dealloc`.
}

#[global_allocator]
static ALLOCATOR: WipeOnFree = WipeOnFree(talc::wasm::new_wasm_dynamic_allocator());
