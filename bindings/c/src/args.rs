//! Checked views of the raw arguments C passes: NUL-terminated UTF-8
//! strings, arrays with lengths, handles and output pointers. A null or
//! misaligned pointer and invalid UTF-8 are invalid input, never a crash.

use std::ffi::{CStr, c_char};

use licence_core::Error;
use licence_core::expiry::check_batch_len;

fn null(name: &str) -> Error {
    Error::invalid(name, "is a null pointer")
}

fn checked<T>(ptr: *const T, name: &str) -> Result<(), Error> {
    if ptr.is_null() {
        Err(null(name))
    } else if !ptr.is_aligned() {
        Err(Error::invalid(name, "is not aligned for its type"))
    } else {
        Ok(())
    }
}

/// The NUL-terminated UTF-8 string at `ptr`, named `name` in errors.
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(null(name));
    }
    // SAFETY: not null, and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| Error::invalid(name, format!("is not UTF-8: {e}")))
}

/// The `len` records at `ptr` (which may be null when `len` is 0). A batch
/// longer than core's limit is refused before its memory is touched.
///
/// # Safety
/// `ptr` is null or points to `len` initialised records that outlive `'a`.
pub(crate) unsafe fn batch<'a, T>(ptr: *const T, len: usize, name: &str) -> Result<&'a [T], Error> {
    check_batch_len(len)?;
    if len == 0 {
        return Ok(&[]);
    }
    checked(ptr, name)?;
    // SAFETY: non-null, aligned, and `len` records long by the contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The `len` bytes of a file at `ptr` (which may be null when `len` is 0).
/// Unlike a [`batch`], a file's size is bounded by the organisation's
/// attachment limit, which core checks, not by the batch limit.
///
/// # Safety
/// `ptr` is null or points to `len` initialised bytes that outlive `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    checked(ptr, name)?;
    if isize::try_from(len).is_err() {
        return Err(Error::limit(format!("{name} length"), isize::MAX as u64));
    }
    // SAFETY: non-null, `len` bytes long (at most isize::MAX) by the
    // contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The room for `len` records at `ptr`, to be overwritten.
///
/// # Safety
/// `ptr` is null or points to room for `len` records that no one else
/// accesses during `'a`.
pub(crate) unsafe fn batch_out<'a, T: Copy>(
    ptr: *mut T,
    len: usize,
    name: &str,
) -> Result<&'a mut [T], Error> {
    check_batch_len(len)?;
    if len == 0 {
        return Ok(&mut []);
    }
    checked(ptr, name)?;
    // SAFETY: non-null, aligned, `len` records long and exclusive by the
    // contract. The records are only written (they are `Copy`, so nothing
    // is dropped), never read.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// The object a handle points to.
///
/// # Safety
/// `ptr` is null or a live handle from the matching `_new`/`_open` function.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Error> {
    checked(ptr, name)?;
    // SAFETY: a live handle by the contract.
    Ok(unsafe { &*ptr })
}

/// An output pointer, checked before the call does its work and written
/// only when it succeeds.
pub(crate) struct Out<T> {
    ptr: *mut T,
}

impl<T> Out<T> {
    /// Checks the output pointer `ptr`, named `name` in errors.
    pub(crate) fn new(ptr: *mut T, name: &str) -> Result<Self, Error> {
        checked(ptr, name)?;
        Ok(Self { ptr })
    }

    /// Stores `value` without reading or dropping what was there.
    ///
    /// # Safety
    /// The pointer given to [`Out::new`] is valid for a write of `T`.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: checked non-null and aligned; writable by the contract.
        unsafe { self.ptr.write(value) }
    }
}
