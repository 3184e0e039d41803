//! A minimal, deterministic ZIP writer (deflate via miniz_oxide): enough for OOXML packages.
//! Every entry carries the same fixed DOS timestamp (1980-01-01) so output is reproducible.

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in data {
        c = CRC_TABLE[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

struct Entry {
    name: String,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// Builds a ZIP archive in memory.
#[derive(Default)]
pub struct ZipWriter {
    buf: Vec<u8>,
    entries: Vec<Entry>,
    methods: Vec<u16>,
}

const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1; // 1980-01-01

fn u16le(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn u32le(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

impl ZipWriter {
    /// Add a file, deflated. Sizes beyond 4 GiB are not supported (OOXML parts are small);
    /// they are clamped rather than panicking.
    pub fn add(&mut self, name: &str, data: &[u8]) {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
        let (method, body): (u16, &[u8]) = if deflated.len() < data.len() {
            (8, &deflated)
        } else {
            (0, data)
        };
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let entry = Entry {
            name: name.to_string(),
            crc: crc32(data),
            compressed: clamp(body.len()),
            size: clamp(data.len()),
            offset: clamp(self.buf.len()),
        };
        let b = &mut self.buf;
        u32le(b, 0x0403_4b50);
        u16le(b, 20);
        u16le(b, 0x0800); // UTF-8 names
        u16le(b, method);
        u16le(b, DOS_TIME);
        u16le(b, DOS_DATE);
        u32le(b, entry.crc);
        u32le(b, entry.compressed);
        u32le(b, entry.size);
        u16le(b, u16::try_from(name.len()).unwrap_or(u16::MAX));
        u16le(b, 0);
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(body);
        self.entries.push(entry);
        self.methods.push(method);
    }

    pub fn finish(mut self) -> Vec<u8> {
        let cd_start = self.buf.len();
        for (e, method) in self.entries.iter().zip(&self.methods) {
            let b = &mut self.buf;
            u32le(b, 0x0201_4b50);
            u16le(b, 20);
            u16le(b, 20);
            u16le(b, 0x0800);
            u16le(b, *method);
            u16le(b, DOS_TIME);
            u16le(b, DOS_DATE);
            u32le(b, e.crc);
            u32le(b, e.compressed);
            u32le(b, e.size);
            u16le(b, u16::try_from(e.name.len()).unwrap_or(u16::MAX));
            u16le(b, 0);
            u16le(b, 0);
            u16le(b, 0);
            u16le(b, 0);
            u32le(b, 0);
            u32le(b, e.offset);
            b.extend_from_slice(e.name.as_bytes());
        }
        let cd_len = self.buf.len() - cd_start;
        let n = u16::try_from(self.entries.len()).unwrap_or(u16::MAX);
        let b = &mut self.buf;
        u32le(b, 0x0605_4b50);
        u16le(b, 0);
        u16le(b, 0);
        u16le(b, n);
        u16le(b, n);
        u32le(b, u32::try_from(cd_len).unwrap_or(u32::MAX));
        u32le(b, u32::try_from(cd_start).unwrap_or(u32::MAX));
        u16le(b, 0);
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_known_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn archive_has_signatures_and_is_deterministic() {
        let make = || {
            let mut z = ZipWriter::default();
            z.add("a.xml", "<a>中文</a>".repeat(50).as_bytes());
            z.add("b.txt", b"x");
            z.finish()
        };
        let a = make();
        assert_eq!(&a[..4], b"PK\x03\x04");
        assert_eq!(a, make());
        let eocd = a.len() - 22;
        assert_eq!(&a[eocd..eocd + 4], b"PK\x05\x06");
    }
}
