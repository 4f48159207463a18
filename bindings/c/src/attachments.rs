//! Attachments with their content as plain bytes, so that a C host need not
//! base64-encode files into a JSON document.

use std::ffi::c_char;

use licence_core::Error;
use licence_core::custody::Party;
use licence_core::tracker::Context;
use serde::Deserialize;

use crate::args::{Out, bytes, handle, text};
use crate::boundary::{catch, guard};
use crate::json::into_c_string;
use crate::result::ResultCode;
use crate::tracker::TrackerHandle;

/// The fields of the `add_attachment` operation other than its content.
#[derive(Deserialize)]
struct NewAttachment {
    ctx: Context,
    id: String,
    licence_id: String,
    file_name: String,
    media_type: String,
}

/// Stores the `len` bytes at `content` as a file of a licence, like the
/// `add_attachment` operation: `input_json` holds its other fields,
/// `{"ctx": {...}, "id": "...", "licence_id": "...", "file_name": "...",
/// "media_type": "..."}`. The stored attachment (with size and SHA-256) is
/// stored in `*out_json`, freed with `lt_string_free`. A file over the
/// organisation's size limit is `LT_RESULT_LIMIT_EXCEEDED`.
///
/// # Safety
/// `tracker` is null or live; `input_json` is null or a NUL-terminated
/// string; `content` points to `len` bytes (or is null when `len` is 0);
/// `out_json` is null or valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_tracker_add_attachment(
    tracker: *mut TrackerHandle,
    input_json: *const c_char,
    content: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
) -> ResultCode {
    guard(|| {
        // SAFETY: a live tracker, a NUL-terminated string and `len` bytes,
        // by the contract.
        let (handle, input, content) = unsafe {
            (
                handle(tracker.cast_const(), "tracker")?,
                text(input_json, "input_json")?,
                bytes(content, len, "content")?,
            )
        };
        let out = Out::new(out_json, "out_json")?;
        let new: NewAttachment =
            serde_json::from_str(input).map_err(|e| Error::invalid("input_json", e.to_string()))?;
        let attachment = handle.tracker().add_attachment(
            &new.ctx,
            &new.id,
            &new.licence_id,
            &new.file_name,
            &new.media_type,
            content,
        )?;
        let json = licence_core::Failure::encode("the output", &attachment)?;
        let json = into_c_string(json)?;
        // SAFETY: `out_json` is writable by the contract.
        unsafe { out.write(json) };
        Ok(())
    })
}

/// Stores the content of the attachment `id` in `*out` (its length in
/// `*out_len`), read as the organisation's staff; free it with
/// [`lt_bytes_free`] and that length. A host acting for a holder or a site
/// uses the `attachment` operation, which takes the party.
///
/// # Safety
/// `tracker` is null or live; `id` is null or a NUL-terminated string;
/// `out` and `out_len` are null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_tracker_attachment_content(
    tracker: *mut TrackerHandle,
    id: *const c_char,
    out: *mut *mut u8,
    out_len: *mut usize,
) -> ResultCode {
    guard(|| {
        // SAFETY: a live tracker and a NUL-terminated string, by the contract.
        let (handle, id) = unsafe { (handle(tracker.cast_const(), "tracker")?, text(id, "id")?) };
        let (out, out_len) = (Out::new(out, "out")?, Out::new(out_len, "out_len")?);
        let (_, content) = handle.tracker().attachment(id, &Party::Staff)?;
        let len = content.len();
        let bytes = Box::into_raw(content.into_boxed_slice()).cast::<u8>();
        // SAFETY: both are writable by the contract.
        unsafe {
            out.write(bytes);
            out_len.write(len);
        }
        Ok(())
    })
}

/// Frees bytes the library returned, given their length. Null is ignored.
///
/// # Safety
/// `bytes` is null or from this library with exactly `len` bytes, not freed
/// before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_bytes_free(bytes: *mut u8, len: usize) {
    catch((), || {
        if !bytes.is_null() {
            let slice = std::ptr::slice_from_raw_parts_mut(bytes, len);
            // SAFETY: made by `Box::into_raw` of a boxed slice of `len`
            // bytes, freed once.
            drop(unsafe { Box::from_raw(slice) });
        }
    });
}
