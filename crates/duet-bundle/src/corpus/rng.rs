//! A tiny deterministic PRNG (splitmix64): the same seed gives the same corpus on
//! every machine, with no dependency.

/// Splitmix64 generator.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for item `index` of a run seeded with `seed`; items are
    /// independent, so article 7 is the same whether 10 or 10,000 are generated.
    pub fn for_item(seed: u64, index: u64) -> Self {
        let mut mixer = Rng {
            state: seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F),
        };
        Rng {
            state: mixer.next_u64(),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        // The modulo bias is negligible for the small bounds used here.
        (self.next_u64() % bound as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with `percent` per cent probability.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct indices of `0..len`, in random order.
    pub fn distinct(&mut self, len: usize, count: usize) -> Vec<usize> {
        let mut indices: Vec<usize> = (0..len).collect();
        for index in 0..count.min(len) {
            let other = index + self.below(len - index);
            indices.swap(index, other);
        }
        indices.truncate(count.min(len));
        indices
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers() {
        let first: Vec<u64> = (0..5)
            .map({
                let mut rng = Rng::for_item(7, 3);
                move |_| rng.next_u64()
            })
            .collect();
        let mut again = Rng::for_item(7, 3);
        assert_eq!(first, (0..5).map(|_| again.next_u64()).collect::<Vec<_>>());
        assert_ne!(Rng::for_item(7, 4).next_u64(), first[0]);
        assert_ne!(Rng::for_item(8, 3).next_u64(), first[0]);
    }

    #[test]
    fn ranges_hold() {
        let mut rng = Rng::for_item(1, 1);
        for _ in 0..1000 {
            assert!(rng.below(3) < 3);
            assert!((2..=5).contains(&rng.between(2, 5)));
        }
        let picked = rng.distinct(10, 4);
        let mut sorted = picked.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 4);
    }
}
