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
//! The per-block path is kept cheap: each entry keeps its leaf hash (a write hashes only the new value),
//! writing the value already stored changes nothing and hashes nothing, point reads and writes go through
//! a hash index, typed keys and values are built in stack buffers ([`KeyBuf`]) rather than on the heap,
//! and the `blake2_128` of recently used account ids is remembered rather than recomputed.
//!
//! Typed access goes through the `storage_value!`, `storage_map!`, `storage_double_map!` and
//! `storage_nmap!` macros, which mirror FRAME's `StorageValue`/`StorageMap`/... declarations.

use parity_scale_codec::{Decode, Encode, Output};
use rustc_hash::{FxBuildHasher, FxHasher};
use sp_crypto_hashing::{blake2_128, blake2_256, twox_128, twox_64};
use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher;
use std::ops::Bound;

/// How a map key is hashed into the storage key, as in FRAME.
pub trait StorageHasher {
    /// Appends the hashed form of `encoded_key` to `out`.
    fn hash_into<O: Output + ?Sized>(encoded_key: &[u8], out: &mut O);
    /// Appends the hashed form of `key` to `out`. The key is encoded on the stack first (`using_encoded`
    /// would allocate for an account id).
    #[inline(always)]
    fn push<K: Encode, O: Output + ?Sized>(key: &K, out: &mut O) {
        let mut encoded = KeyBuf::<ENCODED_KEY_BYTES>::new();
        key.encode_to(&mut encoded);
        Self::hash_into(&encoded, out);
    }
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
    fn hash_into<O: Output + ?Sized>(encoded_key: &[u8], out: &mut O) {
        out.write(encoded_key);
    }
    #[inline(always)]
    fn push<K: Encode, O: Output + ?Sized>(key: &K, out: &mut O) {
        key.encode_to(out);
    }
    const PREFIX_LEN: Option<usize> = Some(0);
}

impl StorageHasher for Twox64Concat {
    fn hash_into<O: Output + ?Sized>(encoded_key: &[u8], out: &mut O) {
        out.write(&twox_64(encoded_key));
        out.write(encoded_key);
    }
    const PREFIX_LEN: Option<usize> = Some(8);
}

impl StorageHasher for Blake2_128Concat {
    fn hash_into<O: Output + ?Sized>(encoded_key: &[u8], out: &mut O) {
        match <&[u8; 32]>::try_from(encoded_key) {
            Ok(account) => out.write(&account_key_hash(account)),
            Err(_) => out.write(&blake2_128(encoded_key)),
        }
        out.write(encoded_key);
    }
    const PREFIX_LEN: Option<usize> = Some(16);
}

/// How many account hashes [`account_key_hash`] remembers per thread.
const ACCOUNT_HASH_SLOTS: usize = 256;

/// Remembered `(key, blake2_128(key))` pairs, one per slot.
type AccountHashSlots = Vec<Option<([u8; 32], [u8; 16])>>;

thread_local! {
    /// Recently hashed 32-byte keys (account ids) and their `blake2_128`, direct-mapped.
    static ACCOUNT_HASHES: std::cell::RefCell<AccountHashSlots> =
        std::cell::RefCell::new(vec![None; ACCOUNT_HASH_SLOTS]);
}

/// `blake2_128` of a 32-byte key. The same few accounts (subnet accounts, hotkeys, owners) are looked up
/// many times a block, so their hashes are remembered; a hash is a pure function of the key, so this
/// changes no result.
fn account_key_hash(account: &[u8; 32]) -> [u8; 16] {
    let mut hasher = FxHasher::default();
    hasher.write(account);
    // The top byte of the hash: every byte of the key moves the slot (subnet accounts share a prefix).
    let slot = (hasher.finish() >> 56) as usize % ACCOUNT_HASH_SLOTS;
    ACCOUNT_HASHES.with(|cache| {
        let mut cache = cache.borrow_mut();
        match &cache[slot] {
            Some((key, hash)) if key == account => *hash,
            _ => {
                let hash = blake2_128(account);
                cache[slot] = Some((*account, hash));
                hash
            }
        }
    })
}

/// The 32-byte prefix of a storage item: `twox128(pallet) ++ twox128(item)`.
pub fn item_prefix(pallet: &str, item: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(&twox_128(pallet.as_bytes()));
    out[16..].copy_from_slice(&twox_128(item.as_bytes()));
    out
}

/// Appends the hashed encoding of `key` to `out`.
#[inline(always)]
pub fn push_key<H: StorageHasher, K: Encode>(key: &K, out: &mut (impl Output + ?Sized)) {
    H::push(key, out);
}

/// Inline room for one encoded map key (an account id is 32 bytes).
const ENCODED_KEY_BYTES: usize = 48;

/// How many bytes a [`KeyBuf`] holds inline by default: room for a three-key map key of two account ids
/// and a netuid (`32 + 48 + 48 + 2`).
const INLINE_BYTES: usize = 160;

/// A byte buffer holding up to `N` bytes on the stack, moving to the heap only when it outgrows them:
/// storage keys, encoded values and leaf preimages are built in one without allocating.
pub struct KeyBuf<const N: usize = INLINE_BYTES> {
    len: usize,
    inline: [u8; N],
    /// Everything written, once it no longer fits inline (empty until then).
    spill: Vec<u8>,
}

impl<const N: usize> KeyBuf<N> {
    /// An empty buffer.
    #[inline(always)]
    pub fn new() -> Self {
        KeyBuf {
            len: 0,
            inline: [0u8; N],
            spill: Vec::new(),
        }
    }

    /// Moves the bytes to the heap and appends `bytes` there.
    #[cold]
    fn spill(&mut self, bytes: &[u8]) {
        if self.spill.is_empty() {
            self.spill.extend_from_slice(&self.inline[..self.len]);
        }
        self.spill.extend_from_slice(bytes);
    }

    /// The bytes written so far.
    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

impl KeyBuf {
    /// A buffer holding an item's 32-byte `prefix`.
    #[inline(always)]
    pub fn with_prefix(prefix: &[u8; 32]) -> Self {
        let mut buf = Self::new();
        buf.inline[..32].copy_from_slice(prefix);
        buf.len = 32;
        buf
    }
}

impl<const N: usize> Default for KeyBuf<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Output for KeyBuf<N> {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if self.spill.is_empty() && end <= N {
            self.inline[self.len..end].copy_from_slice(bytes);
            self.len = end;
        } else {
            self.spill(bytes);
        }
    }
}

impl<const N: usize> std::ops::Deref for KeyBuf<N> {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
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

/// Inline room for a leaf's preimage (length, key and value) before it moves to the heap.
const LEAF_BYTES: usize = 256;

/// A 256-bit sum of leaf hashes; the core of the incremental state root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Accumulator([u64; 4]);

impl Accumulator {
    /// `blake2_256(u32 key length ++ key ++ value)` as four little-endian limbs.
    fn leaf(key: &[u8], value: &[u8]) -> [u64; 4] {
        let mut buf = KeyBuf::<LEAF_BYTES>::new();
        (key.len() as u32).encode_to(&mut buf);
        buf.write(key);
        buf.write(value);
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

/// One stored value with its leaf hash, kept so that overwriting or removing it needs no rehash.
#[derive(Clone, Debug)]
struct Entry {
    value: Vec<u8>,
    leaf: [u64; 4],
}

/// The chain state: an ordered key-value map with an incrementally maintained root.
///
/// Values live in a hash index (a point read or write is one hash and one comparison, instead of a
/// dozen long-key comparisons down a tree); the keys are also kept in order, for prefix iteration and
/// paging.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    /// FxHash (rustc-hash): storage keys already start with hashes of their pallet and item, so no keyed
    /// hash is needed; it is fixed (no random state), and the index is never iterated, so nothing
    /// depends on its order.
    values: HashMap<Vec<u8>, Entry, FxBuildHasher>,
    keys: BTreeSet<Vec<u8>>,
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
        self.values.get(key).map(|e| e.value.as_slice())
    }

    /// Decodes the value under `key`; a value that does not decode reads as absent.
    pub fn get<V: Decode>(&self, key: &[u8]) -> Option<V> {
        self.values
            .get(key)
            .and_then(|e| V::decode(&mut e.value.as_slice()).ok())
    }

    /// Writes a raw value, keeping the root current. Writing the value already stored changes nothing
    /// (and costs no hashing).
    pub fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        let journaling = !self.marks.is_empty();
        if let Some(entry) = self.values.get_mut(key.as_slice()) {
            if entry.value == value {
                return;
            }
            let leaf = Accumulator::leaf(&key, &value);
            self.acc.sub(entry.leaf);
            self.acc.add(leaf);
            entry.leaf = leaf;
            let old = std::mem::replace(&mut entry.value, value);
            if journaling {
                self.journal.push((key, Some(old)));
            }
            return;
        }
        let leaf = Accumulator::leaf(&key, &value);
        self.acc.add(leaf);
        if journaling {
            self.journal.push((key.clone(), None));
        }
        self.keys.insert(key.clone());
        self.values.insert(key, Entry { value, leaf });
    }

    /// [`Storage::put_raw`] from borrowed bytes: allocates only for a new key, or to journal the old value
    /// inside a transaction; an unchanged value costs one lookup.
    pub fn put_raw_slice(&mut self, key: &[u8], value: &[u8]) {
        let journaling = !self.marks.is_empty();
        let Some(entry) = self.values.get_mut(key) else {
            self.put_raw(key.to_vec(), value.to_vec());
            return;
        };
        if entry.value == value {
            return;
        }
        let leaf = Accumulator::leaf(key, value);
        self.acc.sub(entry.leaf);
        self.acc.add(leaf);
        entry.leaf = leaf;
        if journaling {
            let old = std::mem::replace(&mut entry.value, value.to_vec());
            self.journal.push((key.to_vec(), Some(old)));
        } else {
            entry.value.clear();
            entry.value.extend_from_slice(value);
        }
    }

    /// Encodes and writes `value` under `key` (see [`Storage::put_slice`]).
    pub fn put<K: AsRef<[u8]>, V: Encode>(&mut self, key: K, value: &V) {
        self.put_slice(key.as_ref(), value);
    }

    /// Encodes and writes `value` under a borrowed `key`, encoding on the stack: an unchanged value costs
    /// one lookup and no allocation.
    pub fn put_slice<V: Encode>(&mut self, key: &[u8], value: &V) {
        let mut encoded = KeyBuf::<INLINE_BYTES>::new();
        value.encode_to(&mut encoded);
        self.put_raw_slice(key, &encoded);
    }

    /// Removes the value under `key`, if any.
    pub fn remove(&mut self, key: &[u8]) {
        if let Some((key, old)) = self.values.remove_entry(key) {
            self.keys.remove(&key);
            self.acc.sub(old.leaf);
            if !self.marks.is_empty() {
                self.journal.push((key, Some(old.value)));
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
        self.values.contains_key(key)
    }

    /// All entries whose key starts with `prefix`, in key order.
    pub fn iter_prefix<'a>(
        &'a self,
        prefix: &'a [u8],
    ) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + 'a {
        self.keys
            .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(move |k| k.starts_with(prefix))
            .filter_map(move |k| {
                let entry = self.values.get(k.as_slice())?;
                Some((k.as_slice(), entry.value.as_slice()))
            })
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
        self.keys
            .range::<[u8], _>((lower, Bound::Unbounded))
            .take_while(|k| k.starts_with(prefix))
            .take(count)
            .cloned()
            .collect()
    }

    /// Removes every entry whose key starts with `prefix`.
    pub fn remove_prefix(&mut self, prefix: &[u8]) {
        let keys: Vec<Vec<u8>> = self
            .keys
            .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|k| k.starts_with(prefix))
            .cloned()
            .collect();
        for key in keys {
            self.remove(&key);
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the state is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The state root: a hash committing to every entry.
    pub fn root(&self) -> [u8; 32] {
        let mut buf = [0u8; 40];
        for (i, limb) in self.acc.0.iter().enumerate() {
            buf[i * 8..i * 8 + 8].copy_from_slice(&limb.to_le_bytes());
        }
        buf[32..].copy_from_slice(&(self.values.len() as u64).to_le_bytes());
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
                s.put_slice(Self::key(), &value);
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
                Self::key_buf(key).to_vec()
            }
            /// The full storage key of `key`, built on the stack.
            #[inline(always)]
            pub fn key_buf(key: &$key) -> $crate::storage::KeyBuf {
                let mut out = $crate::storage::KeyBuf::with_prefix(Self::prefix());
                $crate::storage::push_key::<$hasher, $key>(key, &mut out);
                out
            }
            /// The value under `key`, or the default.
            pub fn get(s: &$crate::storage::Storage, key: &$key) -> $value {
                s.get(&Self::key_buf(key)).unwrap_or_else(|| $default)
            }
            /// The value under `key`, if stored.
            pub fn try_get(s: &$crate::storage::Storage, key: &$key) -> Option<$value> {
                s.get(&Self::key_buf(key))
            }
            /// Whether `key` has a stored value.
            pub fn contains_key(s: &$crate::storage::Storage, key: &$key) -> bool {
                s.contains(&Self::key_buf(key))
            }
            /// Writes `value` under `key`.
            pub fn insert(s: &mut $crate::storage::Storage, key: &$key, value: $value) {
                s.put_slice(&Self::key_buf(key), &value);
            }
            /// Removes `key`.
            pub fn remove(s: &mut $crate::storage::Storage, key: &$key) {
                s.remove(&Self::key_buf(key));
            }
            /// Reads, changes and writes back the value under `key`.
            pub fn mutate<R>(
                s: &mut $crate::storage::Storage,
                key: &$key,
                f: impl FnOnce(&mut $value) -> R,
            ) -> R {
                let k = Self::key_buf(key);
                let mut v: $value = s.get(&k).unwrap_or_else(|| $default);
                let r = f(&mut v);
                s.put_slice(&k, &v);
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
                Self::prefix1_buf(k1).to_vec()
            }
            /// [`Self::prefix1`], built on the stack.
            #[inline(always)]
            fn prefix1_buf(k1: &$k1) -> $crate::storage::KeyBuf {
                let mut out = $crate::storage::KeyBuf::with_prefix(Self::prefix());
                $crate::storage::push_key::<$h1, $k1>(k1, &mut out);
                out
            }
            /// The full storage key of `(k1, k2)`.
            pub fn key(k1: &$k1, k2: &$k2) -> Vec<u8> {
                Self::key_buf(k1, k2).to_vec()
            }
            /// The full storage key of `(k1, k2)`, built on the stack.
            #[inline(always)]
            pub fn key_buf(k1: &$k1, k2: &$k2) -> $crate::storage::KeyBuf {
                let mut out = Self::prefix1_buf(k1);
                $crate::storage::push_key::<$h2, $k2>(k2, &mut out);
                out
            }
            /// The value under `(k1, k2)`, or the default.
            pub fn get(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2) -> $value {
                s.get(&Self::key_buf(k1, k2)).unwrap_or_else(|| $default)
            }
            /// The value under `(k1, k2)`, if stored.
            pub fn try_get(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2) -> Option<$value> {
                s.get(&Self::key_buf(k1, k2))
            }
            /// Whether `(k1, k2)` has a stored value.
            pub fn contains_key(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2) -> bool {
                s.contains(&Self::key_buf(k1, k2))
            }
            /// Writes `value` under `(k1, k2)`.
            pub fn insert(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2, value: $value) {
                s.put_slice(&Self::key_buf(k1, k2), &value);
            }
            /// Removes `(k1, k2)`.
            pub fn remove(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2) {
                s.remove(&Self::key_buf(k1, k2));
            }
            /// Reads, changes and writes back the value under `(k1, k2)`.
            pub fn mutate<R>(
                s: &mut $crate::storage::Storage,
                k1: &$k1,
                k2: &$k2,
                f: impl FnOnce(&mut $value) -> R,
            ) -> R {
                let k = Self::key_buf(k1, k2);
                let mut v: $value = s.get(&k).unwrap_or_else(|| $default);
                let r = f(&mut v);
                s.put_slice(&k, &v);
                r
            }
            /// Every `(k2, value)` under `k1`, in storage-key order.
            pub fn iter_prefix(s: &$crate::storage::Storage, k1: &$k1) -> Vec<($k2, $value)> {
                use parity_scale_codec::Decode;
                let prefix = Self::prefix1_buf(k1);
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
                s.remove_prefix(&Self::prefix1_buf(k1));
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
                Self::key_buf(k1, k2, k3).to_vec()
            }
            /// The full storage key of `(k1, k2, k3)`, built on the stack.
            #[inline(always)]
            pub fn key_buf(k1: &$k1, k2: &$k2, k3: &$k3) -> $crate::storage::KeyBuf {
                let mut out = $crate::storage::KeyBuf::with_prefix(Self::prefix());
                $crate::storage::push_key::<$h1, $k1>(k1, &mut out);
                $crate::storage::push_key::<$h2, $k2>(k2, &mut out);
                $crate::storage::push_key::<$h3, $k3>(k3, &mut out);
                out
            }
            /// The value under the keys, or the default.
            pub fn get(s: &$crate::storage::Storage, k1: &$k1, k2: &$k2, k3: &$k3) -> $value {
                s.get(&Self::key_buf(k1, k2, k3)).unwrap_or_else(|| $default)
            }
            /// Writes `value` under the keys.
            pub fn insert(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2, k3: &$k3, value: $value) {
                s.put_slice(&Self::key_buf(k1, k2, k3), &value);
            }
            /// Removes the entry under the keys.
            pub fn remove(s: &mut $crate::storage::Storage, k1: &$k1, k2: &$k2, k3: &$k3) {
                s.remove(&Self::key_buf(k1, k2, k3));
            }
            /// Every entry whose first key is `k1`: `(k2, k3, value)`.
            pub fn iter_prefix(s: &$crate::storage::Storage, k1: &$k1) -> Vec<($k2, $k3, $value)> {
                use parity_scale_codec::Decode;
                let mut prefix = $crate::storage::KeyBuf::with_prefix(Self::prefix());
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
        a.put(b"x", &1u32);
        a.put(b"y", &2u32);
        let mut b = Storage::new();
        b.put(b"y", &7u32);
        b.put(b"x", &1u32);
        b.put(b"y", &2u32);
        b.put(b"z", &3u32);
        b.remove(b"z");
        assert_eq!(a.root(), b.root());
        b.put(b"y", &3u32);
        assert_ne!(a.root(), b.root());
    }

    #[test]
    fn rollback_restores_values_and_root() {
        let mut s = Storage::new();
        s.put(b"a", &1u32);
        s.put(b"b", &2u32);
        let root = s.root();
        s.begin();
        s.put(b"a", &10u32);
        s.put(b"a", &11u32);
        s.remove(b"b");
        s.put(b"c", &3u32);
        s.rollback();
        assert_eq!(s.get::<u32>(b"a"), Some(1));
        assert_eq!(s.get::<u32>(b"b"), Some(2));
        assert_eq!(s.get::<u32>(b"c"), None);
        assert_eq!(s.root(), root);
        s.begin();
        s.put(b"c", &3u32);
        s.begin();
        s.put(b"d", &4u32);
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

    /// The root as the module docs define it, computed from scratch over `entries`.
    fn root_by_definition(entries: &[(Vec<u8>, Vec<u8>)]) -> [u8; 32] {
        let mut sum = [0u64; 4];
        for (key, value) in entries {
            let mut preimage = (key.len() as u32).to_le_bytes().to_vec();
            preimage.extend_from_slice(key);
            preimage.extend_from_slice(value);
            let leaf = blake2_256(&preimage);
            let mut carry = 0u128;
            for (i, limb) in sum.iter_mut().enumerate() {
                let mut b = [0u8; 8];
                b.copy_from_slice(&leaf[i * 8..i * 8 + 8]);
                let total = u128::from(*limb) + u128::from(u64::from_le_bytes(b)) + carry;
                *limb = total as u64;
                carry = total >> 64;
            }
        }
        let mut buf = Vec::new();
        for limb in sum {
            buf.extend_from_slice(&limb.to_le_bytes());
        }
        buf.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        blake2_256(&buf)
    }

    fn contents(s: &Storage) -> Vec<(Vec<u8>, Vec<u8>)> {
        s.iter_prefix(&[])
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect()
    }

    #[test]
    fn the_cached_leaves_give_the_root_of_the_definition() {
        let mut s = Storage::new();
        assert_eq!(s.root(), root_by_definition(&[]));
        for i in 0u8..40 {
            s.put(vec![i % 7, i], &u64::from(i));
        }
        // Overwrites (with a longer value than the inline buffers hold), removes, a rolled-back
        // transaction and a committed one.
        s.put(vec![3, 3], &vec![9u8; 300]);
        s.put(vec![1, 1], &5u64);
        s.remove(&[2, 2]);
        s.begin();
        s.put(vec![4, 4], &1u8);
        s.remove(&[5, 5]);
        s.put(vec![200], &7u16);
        s.rollback();
        s.begin();
        s.put(vec![6, 6], &0u64);
        s.commit();
        let entries = contents(&s);
        // 40 written, one removed.
        assert_eq!(entries.len(), 39);
        assert_eq!(s.len(), 39);
        assert_eq!(s.root(), root_by_definition(&entries));
        assert_eq!(s.get::<Vec<u8>>(&[3, 3]), Some(vec![9u8; 300]));
        assert_eq!(s.get::<u64>(&[4, 4]), Some(4));
        assert_eq!(s.get::<u64>(&[5, 5]), Some(5));
        assert!(!s.contains(&[200]));
    }

    #[test]
    fn writing_the_stored_value_again_changes_nothing() {
        let mut s = Storage::new();
        s.put(b"a", &1u32);
        s.put_raw(b"b".to_vec(), vec![2]);
        let root = s.root();
        s.begin();
        s.put(b"a", &1u32);
        s.put_raw(b"b".to_vec(), vec![2]);
        s.put_raw_slice(b"b", &[2]);
        // Nothing to undo: no journal entry, and the root never moved.
        assert!(s.journal.is_empty());
        assert_eq!(s.root(), root);
        s.put(b"a", &3u32);
        assert_eq!(s.journal.len(), 1);
        s.rollback();
        assert_eq!(s.get::<u32>(b"a"), Some(1));
        assert_eq!(s.root(), root);
    }

    #[test]
    fn prefix_iteration_paging_and_removal_follow_key_order() {
        let mut s = Storage::new();
        for i in (0u8..20).rev() {
            s.put(vec![1, i], &i);
        }
        s.put(vec![0, 9], &0u8);
        s.put(vec![2], &0u8);
        s.remove(&[1, 4]);
        s.remove(&[1, 4]);
        let keys: Vec<Vec<u8>> = s.iter_prefix(&[1]).map(|(k, _)| k.to_vec()).collect();
        let want: Vec<Vec<u8>> = (0u8..20).filter(|i| *i != 4).map(|i| vec![1, i]).collect();
        assert_eq!(keys, want);
        assert_eq!(
            s.keys_paged(&[1], 3, Some(&[1, 2])),
            vec![vec![1, 3], vec![1, 5], vec![1, 6]]
        );
        s.remove_prefix(&[1]);
        assert_eq!(
            contents(&s),
            vec![(vec![0, 9], vec![0]), (vec![2], vec![0])]
        );
        assert_eq!(s.root(), root_by_definition(&contents(&s)));
    }

    #[test]
    fn a_key_buf_holds_what_a_vec_would_even_past_its_inline_room() {
        let mut buf = KeyBuf::<8>::new();
        let mut vec = Vec::new();
        for chunk in [&b"abc"[..], b"defgh", b"", b"ijklmnopq", b"r"] {
            buf.write(chunk);
            vec.extend_from_slice(chunk);
            assert_eq!(buf.as_slice(), vec.as_slice());
        }
        let prefixed = KeyBuf::with_prefix(&[7; 32]);
        assert_eq!(&*prefixed, &[7u8; 32][..]);
    }

    #[test]
    fn remembered_account_hashes_are_the_hashes() {
        // More accounts than the cache has slots, hashed twice in different orders, so slots are
        // shared and evicted; every answer must still be blake2_128 of the key.
        let accounts: Vec<[u8; 32]> = (0u16..600)
            .map(|i| {
                let mut a = [0u8; 32];
                a[..2].copy_from_slice(&i.to_le_bytes());
                a[31] = (i % 3) as u8;
                a
            })
            .collect();
        for a in accounts.iter().chain(accounts.iter().rev()) {
            let mut out = Vec::new();
            Blake2_128Concat::hash_into(a, &mut out);
            let mut want = blake2_128(a).to_vec();
            want.extend_from_slice(a);
            assert_eq!(out, want);
        }
    }

    /// Maps declared as the items are, for the key tests.
    mod maps {
        #![allow(dead_code)]
        use crate::storage::{Blake2_128Concat, Identity, Twox64Concat};

        const TEST_PALLET: &str = "Test";
        crate::storage_double_map!(
            /// A double map keyed like `Axons`.
            ByAccount: TEST_PALLET, Identity, u16, Blake2_128Concat, [u8; 32] => u64 = 0
        );
        crate::storage_nmap!(
            /// A three-key map whose keys outgrow every inline buffer.
            Wide: TEST_PALLET, (Blake2_128Concat, Vec<u8>), (Twox64Concat, u32), (Identity, u16) => u8 = 0
        );
    }
    use maps::{ByAccount, Wide};

    #[test]
    fn keys_built_on_the_stack_are_frame_keys() {
        let who = [5u8; 32];
        let mut want = item_prefix("Test", "ByAccount").to_vec();
        want.extend_from_slice(&3u16.to_le_bytes());
        want.extend_from_slice(&blake2_128(&who));
        want.extend_from_slice(&who);
        assert_eq!(ByAccount::key(&3, &who), want);
        assert_eq!(&*ByAccount::key_buf(&3, &who), &want[..]);

        let long = vec![1u8; 200];
        let encoded = long.encode();
        let mut want = item_prefix("Test", "Wide").to_vec();
        want.extend_from_slice(&blake2_128(&encoded));
        want.extend_from_slice(&encoded);
        want.extend_from_slice(&twox_64(&9u32.to_le_bytes()));
        want.extend_from_slice(&9u32.to_le_bytes());
        want.extend_from_slice(&4u16.to_le_bytes());
        assert_eq!(Wide::key(&long, &9, &4), want);

        let mut s = Storage::new();
        ByAccount::insert(&mut s, &3, &who, 11);
        ByAccount::mutate(&mut s, &3, &who, |v| *v += 1);
        Wide::insert(&mut s, &long, &9, &4, 6);
        assert_eq!(
            s.get_raw(&ByAccount::key(&3, &who)),
            Some(&12u64.to_le_bytes()[..])
        );
        assert_eq!(Wide::get(&s, &long, &9, &4), 6);
        assert_eq!(Wide::iter_prefix(&s, &long), vec![(9, 4, 6)]);
        assert_eq!(ByAccount::iter(&s), vec![(3, who, 12)]);
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
