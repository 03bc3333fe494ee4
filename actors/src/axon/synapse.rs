//! The synapse wire format of bittensor 10.x (`bittensor/core/synapse.py`).
//!
//! A synapse travels as a JSON body (pydantic `model_dump()`: the base fields `name, timeout, total_size,
//! header_size, dendrite, axon, computed_body_hash` followed by the subclass fields) plus a set of HTTP
//! headers (`Synapse.to_headers`): `name`, `timeout`, `bt_header_axon_<field>`,
//! `bt_header_dendrite_<field>`, `bt_header_input_obj_<field>`, `header_size`, `total_size` and
//! `computed_body_hash`. The body hash is `sha3_256(concat(sha3_256(str(field)) for field in
//! required_hash_fields))`, hex encoded, where `str` is Python's `str()` of the dumped value.

use base64::Engine;
use hyper::HeaderMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use sha3::{Digest, Sha3_256};

/// The bittensor version taonet speaks, as `major.minor.patch`.
pub const BITTENSOR_VERSION: &str = "10.2.0";
/// `version_as_int` of [`BITTENSOR_VERSION`]: `sum(part * 1000^i)` over the reversed parts.
pub const VERSION_AS_INT: u64 = 10_002_000;
/// Dendrites at or above this version (7.2.0) get the nonce freshness check.
pub const V_7_2_0: u64 = 7_002_000;
/// Nonce freshness window of `bittensor/utils/axon_utils.py` (`ALLOWED_DELTA`, 4 s) in nanoseconds.
pub const ALLOWED_DELTA_NS: u64 = 4_000_000_000;
/// The default synapse timeout in seconds (`Synapse.timeout`).
pub const DEFAULT_TIMEOUT_SECS: f64 = 12.0;

/// Errors while reading synapse headers.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SynapseError {
    /// A header value is not valid UTF-8 or does not parse as the field's type.
    #[error("could not parse header {header}: {value:?}")]
    BadHeader {
        /// The header name.
        header: String,
        /// The raw value.
        value: String,
    },
}

/// One end of a request, as `bittensor.TerminalInfo`: every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminalInfo {
    /// HTTP status code of this terminal's side of the call.
    pub status_code: Option<u16>,
    /// Message accompanying `status_code`.
    pub status_message: Option<String>,
    /// Processing time in seconds on this side.
    pub process_time: Option<f64>,
    /// IP address of the terminal.
    pub ip: Option<String>,
    /// Port of the terminal.
    pub port: Option<u16>,
    /// bittensor version as `version_as_int`.
    pub version: Option<u64>,
    /// Nonce (Unix time in ns when the dendrite built the request).
    pub nonce: Option<u64>,
    /// Unique id of the terminal instance (a UUID string).
    pub uuid: Option<String>,
    /// The terminal's hotkey, SS58.
    pub hotkey: Option<String>,
    /// `"0x"` + hex of the terminal's sr25519 signature.
    pub signature: Option<String>,
}

impl TerminalInfo {
    /// `(field, str(value))` for every field that is set, in pydantic's field order.
    pub fn header_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        push("status_code", self.status_code.map(|v| v.to_string()));
        push("status_message", self.status_message.clone());
        push("process_time", self.process_time.map(py_float_str));
        push("ip", self.ip.clone());
        push("port", self.port.map(|v| v.to_string()));
        push("version", self.version.map(|v| v.to_string()));
        push("nonce", self.nonce.map(|v| v.to_string()));
        push("uuid", self.uuid.clone());
        push("hotkey", self.hotkey.clone());
        push("signature", self.signature.clone());
        out
    }

    /// Sets one field from its header value; unknown fields are ignored (as pydantic does).
    fn set_from_header(
        &mut self,
        header: &str,
        field: &str,
        value: &str,
    ) -> Result<(), SynapseError> {
        fn num<T: std::str::FromStr>(h: &str, v: &str) -> Result<Option<T>, SynapseError> {
            v.trim()
                .parse()
                .map(Some)
                .map_err(|_| SynapseError::BadHeader {
                    header: h.to_string(),
                    value: v.to_string(),
                })
        }
        match field {
            "status_code" => self.status_code = num(header, value)?,
            "status_message" => self.status_message = Some(value.to_string()),
            "process_time" => self.process_time = num(header, value)?,
            "ip" => self.ip = Some(value.to_string()),
            "port" => self.port = num(header, value)?,
            "version" => self.version = num(header, value)?,
            "nonce" => self.nonce = num(header, value)?,
            "uuid" => self.uuid = Some(value.to_string()),
            "hotkey" => self.hotkey = Some(value.to_string()),
            "signature" => self.signature = Some(value.to_string()),
            _ => {}
        }
        Ok(())
    }

    /// Overwrites this terminal's fields with every field that is set in `other`.
    pub fn merge_from(&mut self, other: &TerminalInfo) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f.clone(); } )* };
        }
        take!(
            status_code,
            status_message,
            process_time,
            ip,
            port,
            version,
            nonce,
            uuid,
            hotkey,
            signature
        );
    }
}

/// Deserializes `null` as the type's default (pydantic accepts `None` for these optional fields).
fn nullable<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn default_timeout() -> f64 {
    DEFAULT_TIMEOUT_SECS
}

/// The fields every synapse has (bittensor's base `Synapse` class). Serialized flat into the body; this
/// type is itself the base synapse served at `/Synapse` (the axon's built-in ping).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SynapseCommon {
    /// The synapse class name, which is also the route.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Total query timeout in seconds.
    #[serde(default = "default_timeout", deserialize_with = "nullable_timeout")]
    pub timeout: f64,
    /// Total size of the request in bytes (informational).
    #[serde(default, deserialize_with = "nullable")]
    pub total_size: u64,
    /// Size of the request headers in bytes (informational).
    #[serde(default, deserialize_with = "nullable")]
    pub header_size: u64,
    /// The caller's terminal.
    #[serde(default, deserialize_with = "nullable")]
    pub dendrite: TerminalInfo,
    /// The callee's terminal.
    #[serde(default, deserialize_with = "nullable")]
    pub axon: TerminalInfo,
    /// The body hash the dendrite computed (travels as a header; `""` in bodies).
    #[serde(default, deserialize_with = "nullable")]
    pub computed_body_hash: String,
}

fn nullable_timeout<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(DEFAULT_TIMEOUT_SECS))
}

impl SynapseCommon {
    /// The base fields of a fresh synapse named `name`, with bittensor's defaults.
    pub fn named(name: &str) -> Self {
        SynapseCommon {
            name: name.to_string(),
            timeout: DEFAULT_TIMEOUT_SECS,
            total_size: 0,
            header_size: 0,
            dendrite: TerminalInfo::default(),
            axon: TerminalInfo::default(),
            computed_body_hash: String::new(),
        }
    }

    /// Parses the base fields from request or response headers (`Synapse.parse_headers_to_inputs`).
    /// `bt_header_input_obj_*` headers are ignored: taonet always reads inputs from the body.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, SynapseError> {
        let mut out = SynapseCommon::named("");
        for (name, value) in headers {
            let key = name.as_str();
            let text = || {
                value.to_str().map_err(|_| SynapseError::BadHeader {
                    header: key.to_string(),
                    value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                })
            };
            let bad = |v: &str| SynapseError::BadHeader {
                header: key.to_string(),
                value: v.to_string(),
            };
            if let Some(field) = key.strip_prefix("bt_header_axon_") {
                out.axon.set_from_header(key, field, text()?)?;
            } else if let Some(field) = key.strip_prefix("bt_header_dendrite_") {
                out.dendrite.set_from_header(key, field, text()?)?;
            } else {
                match key {
                    "name" => out.name = text()?.to_string(),
                    "timeout" => {
                        let v = text()?;
                        out.timeout = v.trim().parse().map_err(|_| bad(v))?;
                    }
                    "header_size" => {
                        let v = text()?;
                        out.header_size = v.trim().parse().map_err(|_| bad(v))?;
                    }
                    "total_size" => {
                        let v = text()?;
                        out.total_size = v.trim().parse().map_err(|_| bad(v))?;
                    }
                    "computed_body_hash" => out.computed_body_hash = text()?.to_string(),
                    _ => {}
                }
            }
        }
        Ok(out)
    }
}

impl Synapse for SynapseCommon {
    const NAME: &'static str = "Synapse";
    const REQUIRED_HASH_FIELDS: &'static [&'static str] = &[];
    fn common(&self) -> &SynapseCommon {
        self
    }
    fn common_mut(&mut self) -> &mut SynapseCommon {
        self
    }
}

/// A synapse type: a serde struct that flattens [`SynapseCommon`] first and adds its own fields, like a
/// Python subclass of `bittensor.Synapse`.
pub trait Synapse: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// The Python class name, which is the HTTP route (`/NAME`).
    const NAME: &'static str;
    /// The class variable `required_hash_fields`: the fields covered by the body hash, in order.
    const REQUIRED_HASH_FIELDS: &'static [&'static str];

    /// The fields without a default in the Python class, each with the JSON of its type's default
    /// constructor (`int()` → `0`, `list()` → `[]`, `str()` → `""`); sent as `bt_header_input_obj_*`.
    fn required_fields() -> Vec<(&'static str, Value)> {
        Vec::new()
    }
    /// The base fields.
    fn common(&self) -> &SynapseCommon;
    /// The base fields, mutably.
    fn common_mut(&mut self) -> &mut SynapseCommon;

    /// `Synapse.body_hash`: sha3-256 hex over the concatenated sha3-256 hex of `str(value)` of every
    /// required hash field.
    fn body_hash(&self) -> String {
        let dumped = serde_json::to_value(self).unwrap_or(Value::Null);
        let mut joined = String::new();
        for field in Self::REQUIRED_HASH_FIELDS {
            let v = dumped.get(*field).unwrap_or(&Value::Null);
            joined.push_str(&sha3_hex(&py_str(v)));
        }
        sha3_hex(&joined)
    }

    /// `Synapse.to_headers`: every header bittensor sends with (or returns for) this synapse. `header_size`
    /// is the byte size of the other headers and `total_size` the size of the JSON body (Python reports
    /// interpreter object sizes there; nobody checks them).
    fn to_headers(&self) -> Vec<(String, String)> {
        let common = self.common();
        let mut out: Vec<(String, String)> = vec![
            ("name".into(), Self::NAME.into()),
            ("timeout".into(), py_float_str(common.timeout)),
        ];
        for (k, v) in common.axon.header_pairs() {
            out.push((format!("bt_header_axon_{k}"), v));
        }
        for (k, v) in common.dendrite.header_pairs() {
            out.push((format!("bt_header_dendrite_{k}"), v));
        }
        let dumped = serde_json::to_value(self).unwrap_or(Value::Null);
        for (field, default) in Self::required_fields() {
            if dumped.get(field).is_some_and(|v| !v.is_null()) {
                let json = serde_json::to_string(&default).unwrap_or_default();
                let encoded = base64::engine::general_purpose::STANDARD.encode(json);
                out.push((format!("bt_header_input_obj_{field}"), encoded));
            }
        }
        let header_size: usize = out.iter().map(|(k, v)| k.len() + v.len()).sum();
        let total_size = serde_json::to_vec(self).map(|b| b.len()).unwrap_or(0);
        out.push(("header_size".into(), header_size.to_string()));
        out.push(("total_size".into(), total_size.to_string()));
        out.push(("computed_body_hash".into(), self.body_hash()));
        out
    }
}

/// Hex sha3-256 of a UTF-8 string (`bittensor.utils.get_hash`).
pub fn sha3_hex(content: &str) -> String {
    hex::encode(Sha3_256::digest(content.as_bytes()))
}

/// Python's `str(float)`: shortest round-trip digits, always with a decimal point or exponent.
pub fn py_float_str(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let abs = v.abs();
    if abs != 0.0 && !(1e-4..1e16).contains(&abs) {
        // Python: 1e+16, 1.5e-05.
        let s = format!("{v:e}");
        return match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        };
    }
    let s = format!("{v}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// Python's `str()` of a JSON-dumped value (`repr` inside containers).
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => py_float_str(f),
            _ => n.to_string(),
        },
        Value::String(s) => {
            let quote = if s.contains('\'') && !s.contains('"') {
                '"'
            } else {
                '\''
            };
            let mut out = String::with_capacity(s.len() + 2);
            out.push(quote);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&Value::String(k.clone())), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_str_matches() {
        assert_eq!(py_str(&json!([1, -2, 3])), "[1, -2, 3]");
        assert_eq!(py_str(&json!([])), "[]");
        assert_eq!(py_str(&json!("abc")), "abc");
        assert_eq!(py_str(&json!(["a", null, true])), "['a', None, True]");
        assert_eq!(py_str(&json!(12)), "12");
        assert_eq!(py_float_str(12.0), "12.0");
        assert_eq!(py_float_str(0.25), "0.25");
        assert_eq!(py_float_str(1e20), "1e+20");
        assert_eq!(py_float_str(1.5e-5), "1.5e-05");
    }

    #[test]
    fn empty_hash_fields_hash_the_empty_string() {
        let s = SynapseCommon::named("Synapse");
        // sha3_256("") from Python's hashlib.
        assert_eq!(
            s.body_hash(),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
        );
    }

    #[test]
    fn headers_round_trip() {
        let mut s = SynapseCommon::named("Synapse");
        s.dendrite.nonce = Some(123);
        s.dendrite.hotkey = Some("5abc".into());
        s.axon.port = Some(8091);
        s.axon.process_time = Some(0.5);
        let mut map = HeaderMap::new();
        for (k, v) in s.to_headers() {
            map.insert(
                hyper::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let back = SynapseCommon::from_headers(&map).unwrap();
        assert_eq!(back.dendrite, s.dendrite);
        assert_eq!(back.axon, s.axon);
        assert_eq!(back.name, "Synapse");
        assert_eq!(back.computed_body_hash, s.body_hash());
    }

    #[test]
    fn bad_header_is_an_error() {
        let mut map = HeaderMap::new();
        map.insert("bt_header_dendrite_nonce", "abc".parse().unwrap());
        assert!(SynapseCommon::from_headers(&map).is_err());
    }

    #[test]
    fn null_fields_take_defaults() {
        let s: SynapseCommon =
            serde_json::from_str(r#"{"name":null,"timeout":null,"dendrite":null}"#).unwrap();
        assert_eq!(s.timeout, DEFAULT_TIMEOUT_SECS);
        assert_eq!(s.dendrite, TerminalInfo::default());
    }
}
