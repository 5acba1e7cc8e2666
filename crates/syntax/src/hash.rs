//! Feature hashing: 64-bit hashes of strings and of feature templates, and
//! a hasher for maps keyed by such hashes.

use std::hash::{BuildHasher, Hasher};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes a 64-bit value (a finalizer with good avalanche).
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Hash of a string (FNV-1a over bytes, then mixed).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    mix(h)
}

/// Feature id of template `t` with one value.
#[inline]
pub fn f1(t: u32, a: u64) -> u64 {
    mix((t as u64).wrapping_mul(K) ^ a)
}

/// Feature id of template `t` with two values.
#[inline]
pub fn f2(t: u32, a: u64, b: u64) -> u64 {
    mix(f1(t, a).wrapping_add(b.wrapping_mul(K).rotate_left(17)))
}

/// Feature id of template `t` with three values.
#[inline]
pub fn f3(t: u32, a: u64, b: u64, c: u64) -> u64 {
    mix(f2(t, a, b).wrapping_add(c.wrapping_mul(K).rotate_left(31)))
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(K);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Builds [`IdHasher`]s.
#[derive(Default, Clone, Copy)]
pub struct IdBuild;

impl BuildHasher for IdBuild {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

/// A map keyed by feature hashes.
pub type HMap<V> = std::collections::HashMap<u64, V, IdBuild>;
