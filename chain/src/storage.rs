//! The chain's key-value state and its incrementally maintained state root.
//!
//! State is kept the way a Substrate runtime keeps it: SCALE-encoded values under keys built from
//! `twox128(pallet) ++ twox128(item) ++ hashed map keys`, with subtensor's hashers. That makes every item
//! readable by key over RPC exactly as real clients expect, and lets one accumulator commit to all of it.
//!
//! The state root is a multiset hash: the sum (mod 2^256) of `blake2_256(key, value)` over every entry.
//! Each write subtracts the old entry's leaf and adds the new one, so computing the root costs O(writes),
//! never a walk or a clone of the whole state. It commits to the whole state (any change of any entry
//! changes it), though unlike a Merkle trie it gives no inclusion proofs.
//!
//! Typed access goes through the `storage_value!`, `storage_map!`, `storage_double_map!` and
//! `storage_nmap!` macros, which mirror FRAME's `StorageValue`/`StorageMap`/... declarations.

use parity_scale_codec::{Decode, Encode};
use sp_crypto_hashing::{blake2_128, blake2_256, twox_128, twox_64};
use std::collections::BTreeMap;
use std::ops::Bound;

/// How a map key is hashed into the storage key, as in FRAME.
pub trait StorageHasher {
    /// Appends the hashed form of `encoded_key` to `out`.
    fn hash_into(encoded_key: &[u8], out: &mut Vec<u8>);
    /// How many hash bytes precede the raw key in the output (for decoding keys back), or `None` when the
    /// raw key is not recoverable.
    const PREFIX_LEN: Option<usize>;
}

/// The key bytes themselves (used for `NetUid` and UIDs).
pub struct Identity;
/// `twox64(key) ++ key`.
pub struct Twox64Concat;
/// `blake2_128(key) ++ key` (used for account ids).
pub struct Blake2_128Concat;

impl StorageHasher for Identity {
    fn hash_into(encoded_key: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(encoded_key);
    }
    const PREFIX_LEN: Option<usize> = Some(0);
}

impl StorageHasher for Twox64Concat {
    fn hash_into(encoded_key: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(&twox_64(encoded_key));
        out.extend_from_slice(encoded_key);
    }
    const PREFIX_LEN: Option<usize> = Some(8);
}

impl StorageHasher for Blake2_128Concat {
    fn hash_into(encoded_key: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(&blake2_128(encoded_key));
        out.extend_from_slice(encoded_key);
    }
    const PREFIX_LEN: Option<usize> = Some(16);
}

/// The 32-byte prefix of a storage item: `twox128(pallet) ++ twox128(item)`.
pub fn item_prefix(pallet: &str, item: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(&twox_128(pallet.as_bytes()));
    out[16..].copy_from_slice(&twox_128(item.as_bytes()));
    out
}

/// Appends the hashed encoding of `key` to `out`.
pub fn push_key<H: StorageHasher, K: Encode>(key: &K, out: &mut Vec<u8>) {
    key.using_encoded(|bytes| H::hash_into(bytes, out));
}

/// Decodes one hashed key at the start of `input`, advancing it.
pub fn take_key<H: StorageHasher, K: Decode>(input: &mut &[u8]) -> Option<K> {
    let skip = H::PREFIX_LEN?;
    if input.len() < skip {
        return None;
    }
    *input = &input[skip..];
    K::decode(input).ok()
}

/// A 256-bit sum of leaf hashes; the core of the incremental state root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Accumulator([u64; 4]);

impl Accumulator {
    fn leaf(key: &[u8], value: &[u8]) -> [u64; 4] {
        let mut buf = Vec::with_capacity(key.len() + value.len() + 8);
        (key.len() as u32).encode_to(&mut buf);
        buf.extend_from_slice(key);
        buf.extend_from_slice(value);
        let h = blake2_256(&buf);
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&h[i * 8..i * 8 + 8]);
            *limb = u64::from_le_bytes(b);
        }
        limbs
    }

    fn add(&mut self, other: [u64; 4]) {
        let mut carry = false;
        for (a, b) in self.0.iter_mut().zip(other) {
            let (s1, c1) = a.overflowing_add(b);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *a = s2;
            carry = c1 || c2;
        }
    }

    fn sub(&mut self, other: [u64; 4]) {
        let mut borrow = false;
        for (a, b) in self.0.iter_mut().zip(other) {
            let (d1, b1) = a.overflowing_sub(b);
            let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
            *a = d2;
            borrow = b1 || b2;
        }
    }
}

/// The chain state: an ordered key-value map with an incrementally maintained root.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    kv: BTreeMap<Vec<u8>, Vec<u8>>,
    acc: Accumulator,
    /// While a transaction is open: the value each written key had before each write.
    journal: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// Journal length at each open transaction (innermost last).
    marks: Vec<usize>,
}

impl Storage {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// The raw value under `key`.
    pub fn get_raw(&self, key: &[u8]) -> Option<&[u8]> {
        self.kv.get(key).map(Vec::as_slice)
    }

    /// Decodes the value under `key`; a value that does not decode reads as absent.
    pub fn get<V: Decode>(&self, key: &[u8]) -> Option<V> {
        self.kv
            .get(key)
            .and_then(|raw| V::decode(&mut raw.as_slice()).ok())
    }

    /// Writes a raw value, keeping the root current.
    pub fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.acc.add(Accumulator::leaf(&key, &value));
        let old = self.kv.insert(key.clone(), value);
        if let Some(old) = &old {
            self.acc.sub(Accumulator::leaf(&key, old));
        }
        if !self.marks.is_empty() {
            self.journal.push((key, old));
        }
    }

    /// Encodes and writes `value` under `key`.
    pub fn put<V: Encode>(&mut self, key: Vec<u8>, value: &V) {
        self.put_raw(key, value.encode());
    }

    /// Removes the value under `key`, if any.
    pub fn remove(&mut self, key: &[u8]) {
        if let Some(old) = self.kv.remove(key) {
            self.acc.sub(Accumulator::leaf(key, &old));
            if !self.marks.is_empty() {
                self.journal.push((key.to_vec(), Some(old)));
            }
        }
    }

    /// Opens a transaction: every write from now on can be undone by [`Storage::rollback`]. Costs one
    /// journal entry per write, never a copy of the state. Transactions nest.
    pub fn begin(&mut self) {
        self.marks.push(self.journal.len());
    }

    /// Keeps every write since the matching [`Storage::begin`].
    pub fn commit(&mut self) {
        self.marks.pop();
        if self.marks.is_empty() {
            self.journal.clear();
        }
    }

    /// Undoes every write since the matching [`Storage::begin`], root included.
    pub fn rollback(&mut self) {
        let Some(mark) = self.marks.pop() else {
            return;
        };
        let undo: Vec<_> = self.journal.drain(mark..).collect();
        // Replaying the old values must not journal again.
        let marks = std::mem::take(&mut self.marks);
        for (key, old) in undo.into_iter().rev() {
            match old {
                Some(value) => self.put_raw(key, value),
                None => self.remove(&key),
            }
        }
        self.marks = marks;
    }

    /// Whether a value is stored under `key`.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.kv.contains_key(key)
    }

    /// All entries whose key starts with `prefix`, in key order.
    pub fn iter_prefix<'a>(
        &'a self,
        prefix: &'a [u8],
    ) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + 'a {
        self.kv
            .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
    }

    /// Up to `count` keys starting with `prefix` that sort strictly after `start_after`.
    pub fn keys_paged(
        &self,
        prefix: &[u8],
        count: usize,
        start_after: Option<&[u8]>,
    ) -> Vec<Vec<u8>> {
        let lower = match start_after {
            Some(s) if s >= prefix => Bound::Excluded(s),
            _ => Bound::Included(prefix),
        };
        self.kv
            .range::<[u8], _>((lower, Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix))
            .take(count)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Removes every entry whose key starts with `prefix`.
    pub fn remove_prefix(&mut self, prefix: &[u8]) {
        let keys: Vec<Vec<u8>> = self.iter_prefix(prefix).map(|(k, _)| k.to_vec()).collect();
        for key in keys {
            self.remove(&key);
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.kv.len()
    }

    /// Whether the state is empty.
    pub fn is_empty(&self) -> bool {
        self.kv.is_empty()
    }

    /// The state root: a hash committing to every entry.
    pub fn root(&self) -> [u8; 32] {
        let mut buf = Vec::with_capacity(40);
        for limb in self.acc.0 {
            buf.extend_from_slice(&limb.to_le_bytes());
        }
        (self.kv.len() as u64).encode_to(&mut buf);
        blake2_256(&buf)
    }
}

/// Declares a typed `StorageValue` with a default (FRAME's `ValueQuery`).
#[macro_export]
macro_rules! storage_value {
    ($(#[$meta:meta])* $name:ident : $pallet:expr, $value:ty = $default:expr) => {
        $(#[$meta])*
        pub struct $name;
        impl $name {
            /// The storage key of this item.
            pub fn key() -> &'static [u8; 32] {
                static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
                KEY.get_or_init(|| $crate::storage::item_prefix($pallet, stringify!($name)))
            }
            /// The stored value, or the default when absent.
            pub fn get(s: &$crate::storage::Storage) -> $value {
                s.get(Self::key()).unwrap_or_else(|| $default)
            }
            /// The stored value, if any.
            pub fn try_get(s: &$crate::storage::Storage) -> Option<$value> {
                s.get(Self::key())
            }
            /// Writes the value.
            pub fn put(s: &mut $crate::storage::Storage, value: $value) {
                s.put(Self::key().to_vec(), &value);
            }
            /// Reads, changes and writes back the value.
            pub fn mutate<R>(s: &mut $crate::storage::Storage, f: impl FnOnce(&mut $value) -> R) -> R {
                let mut v = Self::get(s);
                let r = f(&mut v);
                Self::put(s, v);
                r
            }
            /// Removes the value.
            pub fn kill(s: &mut $crate::storage::Storage) {
                s.remove(Self::key());
            }
        }
    };
}

/// Declares a typed `StorageMap` with a default for absent keys.
#[macro_export]
macro_rules! storage_map {
    ($(#[$meta:meta])* $name:ident : $pallet:expr, $hasher:ty, $key:ty => $value:ty = $default:expr) => {
        $(#[$meta])*
        pub struct $name;
        impl $name {
            /// The 32-byte prefix shared by every entry of this map.
            pub fn prefix() -> &'static [u8; 32] {
                static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
                KEY.get_or_init(|| $crate::storage::item_prefix($pallet, stringify!($name)))
            }
            /// The full storage key of `key`.
            pub fn key(key: &$key) -> Vec<u8> {
                let mut out = Vec::with_capacity(80);
                out.extend_from_slice(Self::prefix());
                $crate::storage::push_key::<$hasher, $key>(key, &mut out);
                out
            }
            /// The value under `key`, or the default.
            pub fn get(s: &$crate::storage::Storage, key: &$key) -> $value {
                s.get(&Self::key(key)).unwrap_or_else(|| $default)
            }
            /// The value under `key`, if stored.
            pub fn try_get(s: &$crate::storage::Storage, key: &$key) -> Option<$value> {
                s.get(&Self::key(key))
            }
            /// Whether `key` has a stored value.
            pub fn contains_key(s: &$crate::storage::Storage, key: &$key) -> bool {
                s.contains(&Self::key(key))
            }
            /// Writes `value` under `key`.
            pub fn insert(s: &mut $crate::storage::Storage, key: &$key, value: $value) {
                s.put(Self::key(key), &value);
            }
            /// Removes `key`.
            pub fn remove(s: &mut $crate::storage::Storage, key: &$key) {
                s.remove(&Self::key(key));
            }
            /// Reads, changes and writes back the value under `key`.
            pub fn mutate<R>(
                s: &mut $crate::storage::Storage,
                key: &$key,
                f: impl FnOnce(&mut $value) -> R,
            ) -> R {
                let k = Self::key(key);
                let mut v: $value = s.get(&k).unwrap_or_else(|| $default);
                let r = f(&mut v);
                s.put(k, &v);
                r
            }
            /// Every entry, in storage-key order.
            pub fn iter(s: &$crate::storage::Storage) -> Vec<($key, $value)> {
                use parity_scale_codec::Decode;
                s.iter_prefix(Self::prefix())
                    .filter_map(|(k, v)| {
                        let mut rest = &k[32..];
                        let key = $crate::storage::take_key::<$hasher, $key>(&mut rest)?;
                        let value = <$value>::decode(&mut &v[..]).ok()?;
                        Some((key, value))
                    })
                    .collect()
            }
            /// Removes every entry.
            pub fn clear(s: &mut $crate::storage::Storage) {
                s.remove_prefix(Self::prefix());
            }
        }
    };
}

/// Declares a typed `StorageDoubleMap` with a default for absent keys.
#[macro_export]
macro_rules! storage_double_map {
    ($(#[$meta:meta])* $name:ident : $pallet:expr, $h1:ty, $k1:ty, $h2:ty, $k2:ty => $value:ty = $default:expr) => {
        $(#[$meta])*
        pub struct $name;
        impl $name {
            /// The 32-byte prefix shared by every entry of this map.
            pub fn prefix() -> &'static [u8; 32] {
                static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
                KEY.get_or_init(|| $crate::storage::item_prefix($pallet, stringify!($name)))
            }
            /// The prefix of every entry whose first key is `k1`.
            pub fn prefix1(k1: &$k1) -> Vec<u8> {
                let mut out = Vec::with_capacity(96);
                out.extend_from_slice(Self::prefix());
                $crate::storage::push_key::<$h1, $k1>(k1, &mut out);
                out
            }
            /// The full storage key of `(k1, k2)`.
            pub fn key(k1: &$k1, k2: &$k2) -> Vec<u8> {
                let mut out = Self::prefix1(k1);
                $crate::storage::push_key::<$h2, $k2>(k2, &mut out);
                out
            }
            /// The value under `(k1, k2)`, or the default.
            pub fn get(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2) -> $value {
                s.get(&Self::key(k1, k2)).unwrap_or_else(|| $default)
            }
            /// The value under `(k1, k2)`, if stored.
            pub fn try_get(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2) -> Option<$value> {
                s.get(&Self::key(k1, k2))
            }
            /// Whether `(k1, k2)` has a stored value.
            pub fn contains_key(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2) -> bool {
                s.contains(&Self::key(k1, k2))
            }
            /// Writes `value` under `(k1, k2)`.
            pub fn insert(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2, value: $value) {
                s.put(Self::key(k1, k2), &value);
            }
            /// Removes `(k1, k2)`.
            pub fn remove(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2) {
                s.remove(&Self::key(k1, k2));
            }
            /// Reads, changes and writes back the value under `(k1, k2)`.
            pub fn mutate<R>(
                s: &mut $crate::storage::Storage,
                k1: &$k1,
                k2: &$k2,
                f: impl FnOnce(&mut $value) -> R,
            ) -> R {
                let k = Self::key(k1, k2);
                let mut v: $value = s.get(&k).unwrap_or_else(|| $default);
                let r = f(&mut v);
                s.put(k, &v);
                r
            }
            /// Every `(k2, value)` under `k1`, in storage-key order.
            pub fn iter_prefix(s: &$crate::storage::Storage, k1: &$k1) -> Vec<($k2, $value)> {
                use parity_scale_codec::Decode;
                let prefix = Self::prefix1(k1);
                s.iter_prefix(&prefix)
                    .filter_map(|(k, v)| {
                        let mut rest = &k[prefix.len()..];
                        let key = $crate::storage::take_key::<$h2, $k2>(&mut rest)?;
                        let value = <$value>::decode(&mut &v[..]).ok()?;
                        Some((key, value))
                    })
                    .collect()
            }
            /// Every `(k1, k2, value)`, in storage-key order.
            pub fn iter(s: &$crate::storage::Storage) -> Vec<($k1, $k2, $value)> {
                use parity_scale_codec::Decode;
                s.iter_prefix(Self::prefix())
                    .filter_map(|(k, v)| {
                        let mut rest = &k[32..];
                        let k1 = $crate::storage::take_key::<$h1, $k1>(&mut rest)?;
                        let k2 = $crate::storage::take_key::<$h2, $k2>(&mut rest)?;
                        let value = <$value>::decode(&mut &v[..]).ok()?;
                        Some((k1, k2, value))
                    })
                    .collect()
            }
            /// Removes every entry under `k1`.
            pub fn clear_prefix(s: &mut $crate::storage::Storage, k1: &$k1) {
                s.remove_prefix(&Self::prefix1(k1));
            }
        }
    };
}

/// Declares a typed three-key `StorageNMap` with a default for absent keys.
#[macro_export]
macro_rules! storage_nmap {
    ($(#[$meta:meta])* $name:ident : $pallet:expr, ($h1:ty, $k1:ty), ($h2:ty, $k2:ty), ($h3:ty, $k3:ty) => $value:ty = $default:expr) => {
        $(#[$meta])*
        pub struct $name;
        impl $name {
            /// The 32-byte prefix shared by every entry of this map.
            pub fn prefix() -> &'static [u8; 32] {
                static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
                KEY.get_or_init(|| $crate::storage::item_prefix($pallet, stringify!($name)))
            }
            /// The full storage key of `(k1, k2, k3)`.
            pub fn key(k1: &$k1, k2: &$k2, k3: &$k3) -> Vec<u8> {
                let mut out = Vec::with_capacity(128);
                out.extend_from_slice(Self::prefix());
                $crate::storage::push_key::<$h1, $k1>(k1, &mut out);
                $crate::storage::push_key::<$h2, $k2>(k2, &mut out);
                $crate::storage::push_key::<$h3, $k3>(k3, &mut out);
                out
            }
            /// The value under the keys, or the default.
            pub fn get(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2, k3: &$k3) -> $value {
                s.get(&Self::key(k1, k2, k3)).unwrap_or_else(|| $default)
            }
            /// Writes `value` under the keys.
            pub fn insert(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2, k3: &$k3, value: $value) {
                s.put(Self::key(k1, k2, k3), &value);
            }
            /// Removes the entry under the keys.
            pub fn remove(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2, k3: &$k3) {
                s.remove(&Self::key(k1, k2, k3));
            }
            /// Every entry whose first key is `k1`: `(k2, k3, value)`.
            pub fn iter_prefix(s: &$crate::storage::Storage, k1: &$k1) -> Vec<($k2, $k3, $value)> {
                use parity_scale_codec::Decode;
                let mut prefix = Self::prefix().to_vec();
                $crate::storage::push_key::<$h1, $k1>(k1, &mut prefix);
                s.iter_prefix(&prefix)
                    .filter_map(|(k, v)| {
                        let mut rest = &k[prefix.len()..];
                        let k2 = $crate::storage::take_key::<$h2, $k2>(&mut rest)?;
                        let k3 = $crate::storage::take_key::<$h3, $k3>(&mut rest)?;
                        let value = <$value>::decode(&mut &v[..]).ok()?;
                        Some((k2, k3, value))
                    })
                    .collect()
            }
            /// Every entry: `(k1, k2, k3, value)`.
            pub fn iter(s: &$crate::storage::Storage) -> Vec<($k1, $k2, $k3, $value)> {
                use parity_scale_codec::Decode;
                s.iter_prefix(Self::prefix())
                    .filter_map(|(k, v)| {
                        let mut rest = &k[32..];
                        let k1 = $crate::storage::take_key::<$h1, $k1>(&mut rest)?;
                        let k2 = $crate::storage::take_key::<$h2, $k2>(&mut rest)?;
                        let k3 = $crate::storage::take_key::<$h3, $k3>(&mut rest)?;
                        let value = <$value>::decode(&mut &v[..]).ok()?;
                        Some((k1, k2, k3, value))
                    })
                    .collect()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_depends_only_on_contents_not_history() {
        let mut a = Storage::new();
        a.put(b"x".to_vec(), &1u32);
        a.put(b"y".to_vec(), &2u32);
        let mut b = Storage::new();
        b.put(b"y".to_vec(), &7u32);
        b.put(b"x".to_vec(), &1u32);
        b.put(b"y".to_vec(), &2u32);
        b.put(b"z".to_vec(), &3u32);
        b.remove(b"z");
        assert_eq!(a.root(), b.root());
        b.put(b"y".to_vec(), &3u32);
        assert_ne!(a.root(), b.root());
    }

    #[test]
    fn rollback_restores_values_and_root() {
        let mut s = Storage::new();
        s.put(b"a".to_vec(), &1u32);
        s.put(b"b".to_vec(), &2u32);
        let root = s.root();
        s.begin();
        s.put(b"a".to_vec(), &10u32);
        s.put(b"a".to_vec(), &11u32);
        s.remove(b"b");
        s.put(b"c".to_vec(), &3u32);
        s.rollback();
        assert_eq!(s.get::<u32>(b"a"), Some(1));
        assert_eq!(s.get::<u32>(b"b"), Some(2));
        assert_eq!(s.get::<u32>(b"c"), None);
        assert_eq!(s.root(), root);
        s.begin();
        s.put(b"c".to_vec(), &3u32);
        s.begin();
        s.put(b"d".to_vec(), &4u32);
        s.rollback();
        s.commit();
        assert_eq!(s.get::<u32>(b"c"), Some(3));
        assert_eq!(s.get::<u32>(b"d"), None);
    }

    #[test]
    fn well_known_prefix_matches_substrate() {
        // twox128("System") ++ twox128("Account"), the key prefix every Substrate client uses for balances.
        let p = item_prefix("System", "Account");
        assert_eq!(
            hex(&p),
            "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
        );
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn keys_paged_resumes_after_the_last_key() {
        let mut s = Storage::new();
        for i in 0u8..5 {
            s.put(vec![1, i], &i);
        }
        s.put(vec![2, 0], &9u8);
        let first = s.keys_paged(&[1], 2, None);
        assert_eq!(first, vec![vec![1, 0], vec![1, 1]]);
        let next = s.keys_paged(&[1], 10, Some(&[1, 1]));
        assert_eq!(next, vec![vec![1, 2], vec![1, 3], vec![1, 4]]);
    }
}
