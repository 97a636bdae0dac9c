//! Which image files may be published: raster formats recognised by their bytes.
//!
//! Everything under `data/` is served from the app's own origin, and a host serves a
//! file by its name: an `.html`, `.svg` or `.xhtml` "image" opened directly would run
//! its script outside the app's Content-Security-Policy. So a file is published only
//! when its first bytes are one of the raster formats below, and under the extension
//! of the format its bytes show, whatever name it had.

/// A raster image format that cannot carry script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    Gif,
    Webp,
    Avif,
}

impl ImageType {
    /// The format `bytes` start with, if any.
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageType::Gif)
        } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(ImageType::Webp)
        } else if is_avif(bytes) {
            Some(ImageType::Avif)
        } else {
            None
        }
    }

    /// The extension a published file of this format carries.
    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Png => "png",
            ImageType::Jpeg => "jpg",
            ImageType::Gif => "gif",
            ImageType::Webp => "webp",
            ImageType::Avif => "avif",
        }
    }
}

/// An ISO base media file whose `ftyp` box names an AVIF brand, as major brand or
/// among the compatible brands that fit in the sniffed bytes.
fn is_avif(bytes: &[u8]) -> bool {
    if bytes.get(4..8) != Some(b"ftyp") {
        return false;
    }
    let box_size = bytes
        .get(0..4)
        .map(|size| u32::from_be_bytes([size[0], size[1], size[2], size[3]]) as usize)
        .unwrap_or(0);
    let end = box_size.min(bytes.len());
    let major = bytes.get(8..12);
    let compatible = bytes.get(16..end).unwrap_or_default().chunks_exact(4);
    std::iter::once(major.unwrap_or_default())
        .chain(compatible)
        .any(|brand| brand == b"avif" || brand == b"avis")
}

/// What a refused file looks like, for the message: the format its bytes or name
/// suggest, so the author knows what to convert.
pub fn describe_refused(bytes: &[u8], file_name: &str) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_ascii_lowercase();
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    if head.contains("<svg") || extension == "svg" || extension == "svgz" {
        "an SVG file (SVG can carry script)".to_string()
    } else if head.contains("<html") || head.contains("<!doctype") || head.contains("<script") {
        "an HTML file".to_string()
    } else if bytes.is_empty() {
        "an empty file".to_string()
    } else if extension.is_empty() {
        "a file of unknown type".to_string()
    } else {
        format!("not a PNG, JPEG, GIF, WebP or AVIF image despite its `.{extension}` name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raster_formats_are_recognised_by_their_bytes() {
        let cases: [(&[u8], ImageType); 6] = [
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ImageType::Png),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], ImageType::Jpeg),
            (b"GIF89a\x01\0\x01\0", ImageType::Gif),
            (b"RIFF\x24\0\0\0WEBPVP8 ", ImageType::Webp),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1", ImageType::Avif),
            (b"\0\0\0\x20ftypmif1\0\0\0\0mif1avifmiaf", ImageType::Avif),
        ];
        for (bytes, expected) in cases {
            assert_eq!(ImageType::sniff(bytes), Some(expected), "{bytes:?}");
        }
    }

    /// Guards issue 16's stored-script hole: script-capable files named as images
    /// were published under the app's origin.
    #[test]
    fn script_capable_and_unknown_files_are_not_images() {
        for bytes in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..],
            b"<!DOCTYPE html><script>alert(1)</script>",
            b"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">",
            b"alert(document.cookie)",
            b"",
            b"\x89PNG",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom",
            b"GIF8",
        ] {
            assert_eq!(ImageType::sniff(bytes), None, "{bytes:?}");
        }
    }

    #[test]
    fn refusals_say_what_the_file_is() {
        assert!(describe_refused(b"<svg/>", "a.png").contains("SVG"));
        assert!(describe_refused(b"<!doctype html>", "a.png").contains("HTML"));
        assert!(describe_refused(b"hello", "a.jpg").contains("`.jpg`"));
        assert!(describe_refused(b"hello", "a").contains("unknown type"));
        assert!(describe_refused(b"", "a.gif").contains("empty"));
    }
}
