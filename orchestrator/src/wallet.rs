//! Bittensor wallets on disk, unencrypted, in the layout and JSON format bittensor-wallet (btwallet 4.x)
//! reads, so btcli and the SDK can use the devnet's keys directly.
//!
//! Layout under a wallets directory (what `--wallet.path` points to):
//! `<name>/coldkey`, `<name>/coldkeypub.txt`, `<name>/hotkeys/<hotkey>`, `<name>/hotkeys/<hotkey>pub.txt`,
//! every file mode 0600. A keyfile holds `accountId`, `publicKey`, `privateKey` (64-byte sr25519 secret ‖
//! nonce), `secretPhrase` (null: these keys have no mnemonic), `secretSeed` (the 32-byte mini secret) and
//! `ss58Address`; a pub file holds `accountId`, `publicKey` and `ss58Address` (btwallet's
//! `serialized_keypair_to_keyfile_data`; its reader takes every value as an optional string, so no
//! `cryptoType` is written). This module does not encrypt and never writes dev keys (no exportable
//! secret).

use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use taonet_chain::keys::{ss58_decode, Keypair};
use taonet_chain::AccountId;

/// Errors writing or reading wallets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WalletError {
    /// A wallet or hotkey name that cannot be a file name.
    #[error("`{0}` cannot be a wallet or hotkey name (use letters, digits, `-`, `_`, `.`)")]
    InvalidName(String),
    /// The key has no exportable secret (a dev key derived by path).
    #[error("the key for `{0}` has no exportable secret")]
    NoSecret(String),
    /// A file could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A keyfile is not the JSON this module writes.
    #[error("{path}: not a bittensor keyfile: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The JSON of a bittensor keyfile (secret or pub), field names as bittensor-wallet writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyfile {
    /// `0x` + 32-byte public key.
    #[serde(rename = "accountId")]
    pub account_id: String,
    /// `0x` + 32-byte public key (same as `accountId`).
    #[serde(rename = "publicKey")]
    pub public_key: String,
    /// `0x` + 64-byte secret key; absent in pub files.
    #[serde(
        rename = "privateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_key: Option<String>,
    /// The mnemonic; always null in the files written here. Absent in pub files.
    #[serde(rename = "secretPhrase", default, skip_serializing_if = "is_pub")]
    pub secret_phrase: Option<Option<String>>,
    /// `0x` + 32-byte mini secret; absent in pub files.
    #[serde(
        rename = "secretSeed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_seed: Option<String>,
    /// SS58 address (prefix 42).
    #[serde(rename = "ss58Address")]
    pub ss58_address: String,
}

fn is_pub(phrase: &Option<Option<String>>) -> bool {
    phrase.is_none()
}

impl Keyfile {
    /// The secret keyfile of `key`.
    pub fn secret(name: &str, key: &Keypair) -> Result<Self, WalletError> {
        let (Some(seed), Some(secret)) = (key.seed(), key.secret_bytes()) else {
            return Err(WalletError::NoSecret(name.to_string()));
        };
        Ok(Keyfile {
            private_key: Some(format!("0x{}", hex::encode(secret))),
            secret_phrase: Some(None),
            secret_seed: Some(format!("0x{}", hex::encode(seed))),
            ..Keyfile::public(key)
        })
    }

    /// The pub file of `key`.
    pub fn public(key: &Keypair) -> Self {
        let account = key.account_id();
        let public = format!("0x{}", hex::encode(account.0));
        Keyfile {
            account_id: public.clone(),
            public_key: public,
            private_key: None,
            secret_phrase: None,
            secret_seed: None,
            ss58_address: account.to_ss58(),
        }
    }

    /// Reads a keyfile back.
    pub fn read(path: &Path) -> Result<Self, WalletError> {
        let text = fs::read_to_string(path).map_err(|source| WalletError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| WalletError::Malformed {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// The account the file's `ss58Address` names, after checking it agrees with `accountId`.
    pub fn account(&self) -> Result<AccountId, String> {
        let account = ss58_decode(&self.ss58_address).map_err(|e| e.to_string())?;
        if self.account_id != format!("0x{}", hex::encode(account.0)) {
            return Err("accountId and ss58Address disagree".to_string());
        }
        Ok(account)
    }

    /// The 32-byte mini secret, when the file holds one.
    pub fn seed(&self) -> Option<[u8; 32]> {
        let hex_seed = self.secret_seed.as_deref()?.strip_prefix("0x")?;
        hex::decode(hex_seed).ok()?.try_into().ok()
    }
}

/// Writes an unencrypted bittensor wallet `<dir>/<name>` with `coldkey`, `coldkeypub.txt` and, for each
/// `(hotkey_name, key)`, `hotkeys/<hotkey_name>` and `hotkeys/<hotkey_name>pub.txt`; existing files are
/// overwritten, every file gets mode 0600.
pub fn write_wallet(
    dir: &Path,
    name: &str,
    coldkey: &Keypair,
    hotkeys: &[(&str, &Keypair)],
) -> Result<(), WalletError> {
    check_name(name)?;
    for (hotkey_name, _) in hotkeys {
        check_name(hotkey_name)?;
    }
    let wallet = dir.join(name);
    let hotkey_dir = wallet.join("hotkeys");
    create_dir(&wallet)?;
    write_keyfile(&wallet.join("coldkey"), &Keyfile::secret(name, coldkey)?)?;
    write_keyfile(&wallet.join("coldkeypub.txt"), &Keyfile::public(coldkey))?;
    if !hotkeys.is_empty() {
        create_dir(&hotkey_dir)?;
    }
    for (hotkey_name, key) in hotkeys {
        let label = format!("{name}/{hotkey_name}");
        let secret = Keyfile::secret(&label, key)?;
        write_keyfile(&hotkey_dir.join(hotkey_name), &secret)?;
        let pub_path = hotkey_dir.join(format!("{hotkey_name}pub.txt"));
        write_keyfile(&pub_path, &Keyfile::public(key))?;
    }
    Ok(())
}

/// Writes a wallet for every participant of `plan` under `dir`: each account (coldkey, hotkey
/// `default`), each neuron (coldkey, hotkey `default`) and each bot (coldkey only), named as in the plan.
pub fn write_plan_wallets(dir: &Path, plan: &Plan) -> Result<(), WalletError> {
    for a in &plan.accounts {
        write_wallet(dir, &a.name, &a.coldkey, &[("default", &a.hotkey)])?;
    }
    for (_, n) in plan.neurons() {
        write_wallet(dir, &n.name, &n.coldkey, &[("default", &n.hotkey)])?;
    }
    for b in &plan.bots {
        write_wallet(dir, &b.name, &b.coldkey, &[])?;
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), WalletError> {
    let ok = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(WalletError::InvalidName(name.to_string()))
    }
}

fn create_dir(path: &Path) -> Result<(), WalletError> {
    fs::create_dir_all(path).map_err(|source| WalletError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn write_keyfile(path: &Path, keyfile: &Keyfile) -> Result<(), WalletError> {
    let io = |source| WalletError::Io {
        path: path.to_path_buf(),
        source,
    };
    let json = serde_json::to_string(keyfile).map_err(|e| WalletError::Malformed {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io)?;
    file.write_all(json.as_bytes()).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io)?;
    }
    Ok(())
}
