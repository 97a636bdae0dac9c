//! One stable sort shared by every list the app orders.
//!
//! `slice::sort_by` is generic over the element *and* the comparison, so each call
//! site compiles its own copy of the sorting algorithm (≈ 3 KB of wasm each; the app
//! had fifteen). [`sort_by`] sorts positions with the comparison behind a `dyn`, so
//! every caller shares one copy, then moves the items into that order. The result is
//! the same as `sort_by`'s: stable, each comparison the caller's.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, as `items.sort_by(compare)` would.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|left, right| {
        compare(&items[left], &items[right])
    });
    // `target[i]` is where the item now at `i` belongs; swapping it there settles
    // one item per swap.
    let mut target = vec![0; order.len()];
    for (place, from) in order.into_iter().enumerate() {
        target[from] = place;
    }
    for at in 0..items.len() {
        while target[at] != at {
            let to = target[at];
            items.swap(at, to);
            target.swap(at, to);
        }
    }
}

/// Sorts `items` stably by the key `key` gives, as `items.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |left, right| key(left).cmp(&key(right)));
}

/// `0..len` sorted by `compare`: the one instantiation of the standard sort.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&left, &right| compare(left, right));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        // Pairs sorted by their first half only, so stability shows in the second.
        let mut seed = 7u32;
        for len in 0..60 {
            let items: Vec<(u32, u32)> = (0..len)
                .map(|at| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, at)
                })
                .collect();
            let mut ours = items.clone();
            let mut standard = items;
            sort_by(&mut ours, |left, right| right.0.cmp(&left.0));
            standard.sort_by_key(|pair| std::cmp::Reverse(pair.0));
            assert_eq!(ours, standard, "length {len}");
        }
    }

    #[test]
    fn sorts_by_key() {
        let mut words = vec!["pear", "fig", "apple", "kiwi"];
        sort_by_key(&mut words, |word| word.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
    }
}
