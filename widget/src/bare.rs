//! What std would provide, for the build without it: an allocator and a panic handler.

/// The same allocator std uses on wasm32.
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// A panic stops the widget where it is. Nothing is printed: the message and its formatting
/// code would be downloaded by every shopper and read by none; the trap still shows in the
/// browser's console with a stack.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
