//! A bit stream for the shard format: fixed-width fields, Elias-gamma and Rice codes,
//! carried in JSON as unpadded URL-safe base64 (6 bits a byte, no escaping needed).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Writes bits most significant first.
#[derive(Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Bits used in the last byte (0 means a new byte starts at the next bit).
    used: u32,
}

impl BitWriter {
    /// Appends the low `width` bits of `value` (at most 64).
    ///
    /// As many bits at a time as the last byte has room for, not one by one: the
    /// bundler writes hundreds of millions of bits for a large archive's index.
    pub fn bits(&mut self, value: u64, width: u32) {
        let mut remaining = width;
        while remaining > 0 {
            if self.used == 0 {
                self.bytes.push(0);
            }
            let room = 8 - self.used;
            let take = room.min(remaining);
            // The highest `take` of the bits still to write.
            let chunk = ((value >> (remaining - take)) & ((1 << take) - 1)) as u8;
            let last = self.bytes.len() - 1;
            self.bytes[last] |= chunk << (room - take);
            self.used = (self.used + take) % 8;
            remaining -= take;
        }
    }

    /// Elias gamma code of `value` (at least 1): small numbers take few bits.
    pub fn gamma(&mut self, value: u64) {
        debug_assert!(value >= 1);
        let width = 64 - value.leading_zeros();
        self.bits(0, width - 1);
        self.bits(value, width);
    }

    /// Rice code of `value` with parameter `k`: quotient in unary, then `k` low bits.
    pub fn rice(&mut self, value: u64, k: u32) {
        let mut quotient = value >> k;
        while quotient > 0 {
            let ones = quotient.min(64);
            self.bits(u64::MAX, ones as u32);
            quotient -= ones;
        }
        self.bits(0, 1);
        self.bits(value, k);
    }

    /// Length so far in bits.
    pub fn len_bits(&self) -> usize {
        let full = self.bytes.len() * 8;
        if self.used == 0 {
            full
        } else {
            full - (8 - self.used as usize)
        }
    }

    /// The stream as base64 text.
    pub fn to_base64(&self) -> String {
        let mut text = String::with_capacity(self.bytes.len() * 4 / 3 + 3);
        for chunk in self.bytes.chunks(3) {
            let word = chunk.iter().enumerate().fold(0u32, |word, (at, byte)| {
                word | u32::from(*byte) << (16 - 8 * at)
            });
            let digits = chunk.len() + 1;
            for at in 0..digits {
                text.push(ALPHABET[(word >> (18 - 6 * at) & 63) as usize] as char);
            }
        }
        text
    }
}

/// Why a bit stream could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncated;

/// Reads what [`BitWriter`] wrote.
pub struct BitReader {
    bytes: Vec<u8>,
    position: usize,
}

impl BitReader {
    /// Decodes base64 text; `None` when it has a character outside the alphabet.
    pub fn from_base64(text: &str) -> Option<BitReader> {
        let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
        let mut word = 0u32;
        let mut count = 0;
        for character in text.bytes() {
            let digit = match character {
                b'A'..=b'Z' => character - b'A',
                b'a'..=b'z' => character - b'a' + 26,
                b'0'..=b'9' => character - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            };
            word = word << 6 | u32::from(digit);
            count += 1;
            if count == 4 {
                bytes.extend_from_slice(&[(word >> 16) as u8, (word >> 8) as u8, word as u8]);
                word = 0;
                count = 0;
            }
        }
        match count {
            2 => bytes.push((word >> 4) as u8),
            3 => bytes.extend_from_slice(&[(word >> 10) as u8, (word >> 2) as u8]),
            _ => {}
        }
        Some(BitReader { bytes, position: 0 })
    }

    /// Next `width` bits as a number.
    pub fn bits(&mut self, width: u32) -> Result<u64, Truncated> {
        let mut value = 0u64;
        for _ in 0..width {
            value = value << 1 | u64::from(self.bit()?);
        }
        Ok(value)
    }

    fn bit(&mut self) -> Result<u8, Truncated> {
        let byte = self.bytes.get(self.position / 8).ok_or(Truncated)?;
        let bit = byte >> (7 - self.position % 8) & 1;
        self.position += 1;
        Ok(bit)
    }

    /// Reads an Elias gamma code.
    pub fn gamma(&mut self) -> Result<u64, Truncated> {
        let mut zeros = 0;
        while self.bit()? == 0 {
            zeros += 1;
            if zeros > 63 {
                return Err(Truncated);
            }
        }
        Ok(1 << zeros | self.bits(zeros)?)
    }

    /// Reads a Rice code with parameter `k`.
    pub fn rice(&mut self, k: u32) -> Result<u64, Truncated> {
        let mut quotient = 0u64;
        while self.bit()? == 1 {
            quotient += 1;
        }
        Ok(quotient << k | self.bits(k)?)
    }
}

/// The Rice parameter that codes gaps averaging `mean` in the fewest bits.
pub fn rice_parameter(mean: f64) -> u32 {
    let mut k = 0;
    while k < 20 && (1u64 << (k + 1)) as f64 <= mean * 0.69 + 1.0 {
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_base64() {
        let mut writer = BitWriter::default();
        let values = [1u64, 2, 3, 7, 8, 100, 65_535, 1 << 40];
        for value in values {
            writer.gamma(value);
            writer.rice((value - 1) % 5000, 3);
            writer.bits(value & 15, 4);
        }
        for length in 0..3 {
            writer.bits(1, 1 + length);
            let text = writer.to_base64();
            assert!(text.bytes().all(|byte| ALPHABET.contains(&byte)));
            let mut reader = BitReader::from_base64(&text).unwrap();
            for value in values {
                assert_eq!(reader.gamma(), Ok(value));
                assert_eq!(reader.rice(3), Ok((value - 1) % 5000));
                assert_eq!(reader.bits(4), Ok(value & 15));
            }
        }
        assert!(BitReader::from_base64("a b").is_none());
        assert_eq!(BitReader::from_base64("").unwrap().gamma(), Err(Truncated));
    }

    /// The writer one bit at a time, as it first was: the format's definition.
    fn bit_by_bit(calls: &[(u64, u32)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut used = 0;
        for (value, width) in calls {
            for shift in (0..*width).rev() {
                if used == 0 {
                    bytes.push(0);
                }
                let last = bytes.len() - 1;
                bytes[last] |= (((value >> shift) & 1) as u8) << (7 - used);
                used = (used + 1) % 8;
            }
        }
        bytes
    }

    /// Guards the shard format when writing several bits at a time: the same bytes
    /// as the one-bit-at-a-time writer for every width and alignment, and Rice
    /// codes whose unary part is longer than one 64-bit write.
    #[test]
    fn multi_bit_writes_match_the_bit_by_bit_writer() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut calls = Vec::new();
        for round in 0..5000u32 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            calls.push((state, round % 65));
        }
        let mut writer = BitWriter::default();
        for (value, width) in &calls {
            writer.bits(*value, *width);
        }
        assert_eq!(writer.bytes, bit_by_bit(&calls));
        let total: u32 = calls.iter().map(|(_, width)| width).sum();
        assert_eq!(writer.len_bits(), total as usize);

        let mut writer = BitWriter::default();
        let mut reference = Vec::new();
        for (value, k) in [(5u64, 0u32), (200, 1), (1 << 20, 13), (3, 2), (130, 0)] {
            writer.bits(1, 3);
            reference.push((1, 3));
            writer.rice(value, k);
            for _ in 0..value >> k {
                reference.push((1, 1));
            }
            reference.push((0, 1));
            reference.push((value, k));
        }
        assert_eq!(writer.bytes, bit_by_bit(&reference));
    }

    #[test]
    fn rice_parameter_grows_with_the_mean_gap() {
        assert_eq!(rice_parameter(1.0), 0);
        assert!(rice_parameter(8.0) >= 2);
        assert!(rice_parameter(1000.0) >= 8);
    }
}
