//! Reading typed values out of a parsed `serde_json::Value` by hand, for the app.
//!
//! serde's derived `Deserialize` writes a visitor per type, and each visitor is
//! compiled again for every deserializer it meets: in the wasm that code was 14 % of
//! the main module ("The shell's size", ARCHITECTURE.md). The app already parses a
//! bundle file (and a stored list) into one `Value`, so it reads its types from that
//! value through [`FromValue`]: a few small generic helpers and, per struct, the
//! field list written by [`from_value_struct!`](crate::from_value_struct). Native
//! code keeps serde's derive (reading text, with line and column in errors); the
//! tests in `decode/agreement.rs` hold the two readers to the same results.
//!
//! The wire rules followed are serde's: unknown fields are ignored, a missing
//! `Option` field is `None` and `null` reads as `None`, a `#[serde(default)]` field
//! may be missing (but not `null`), integers must be whole and in range, a tuple or
//! array must have exactly its length. Two forms serde's derive also accepts are
//! refused, as the bundler never writes them: a struct written as an array of its
//! fields, and a unit variant written as `{"name": null}`.

use std::fmt;

pub use serde_json::{Map, Value};

/// A type the app reads from a parsed JSON value.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, ReadError>;

    /// What a field that is not there reads as: nothing (an error) but for
    /// `Option`, which reads as `None`, as serde's derive reads it.
    fn missing() -> Option<Self> {
        None
    }
}

/// What is wrong in a value, and where: `path` is the way to it from the value read
/// (`.body.zh.blocks[3].level`), built as the error travels out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Type {
        expected: &'static str,
        found: &'static str,
    },
    /// A number that is not a whole one from 0 to `max`.
    Range {
        max: u64,
    },
    Length {
        expected: usize,
        found: usize,
    },
    Missing,
    Variant {
        found: String,
        expected: &'static [&'static str],
    },
    Other(String),
}

// Errors are rare: their code is kept out of line, once, not in every reader.
impl ReadError {
    #[cold]
    #[inline(never)]
    fn new(problem: Problem) -> Self {
        ReadError {
            path: String::new(),
            problem,
        }
    }

    /// A value of the wrong kind: `expected` says what it should be ("a string").
    #[cold]
    #[inline(never)]
    pub fn expected(expected: &'static str, found: &Value) -> Self {
        ReadError::new(Problem::Type {
            expected,
            found: kind(found),
        })
    }

    /// A field that must be there and is not.
    #[cold]
    #[inline(never)]
    pub fn missing(field: &str) -> Self {
        ReadError::new(Problem::Missing).in_field(field)
    }

    /// Any other problem with the value, said in `message`.
    #[cold]
    #[inline(never)]
    pub fn other(message: impl Into<String>) -> Self {
        ReadError::new(Problem::Other(message.into()))
    }

    /// This error, found inside field `name` of an object.
    #[cold]
    #[inline(never)]
    pub fn in_field(mut self, name: &str) -> Self {
        self.path.insert_str(0, name);
        self.path.insert(0, '.');
        self
    }

    /// This error, found in item `index` of a list.
    #[cold]
    #[inline(never)]
    pub fn at(mut self, index: usize) -> Self {
        self.path.insert_str(0, &format!("[{index}]"));
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.strip_prefix('.').unwrap_or(&self.path);
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        match &self.problem {
            Problem::Type { expected, found } => write!(f, "expected {expected}, found {found}"),
            Problem::Range { max } => write!(f, "expected a whole number from 0 to {max}"),
            Problem::Length { expected, found } => {
                write!(f, "expected a list of {expected} items, found {found}")
            }
            Problem::Missing => f.write_str("missing"),
            Problem::Variant { found, expected } => {
                write!(f, "unknown value `{found}`, expected one of ")?;
                f.write_str(&expected.join(", "))
            }
            Problem::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ReadError {}

/// What kind of value `value` is, for an error message.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a number with a fraction",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `value` as an object, whose fields a struct is read from.
pub fn object(value: &Value) -> Result<&Map<String, Value>, ReadError> {
    value
        .as_object()
        .ok_or_else(|| ReadError::expected("an object", value))
}

/// Field `name` of `object` read as a `T`; a missing field is an error unless `T`
/// says otherwise ([`FromValue::missing`]).
// Out of line: inlined into every field of every struct it made the wasm larger.
#[inline(never)]
pub fn field<T: FromValue>(object: &Map<String, Value>, name: &str) -> Result<T, ReadError> {
    match object.get(name) {
        Some(value) => T::from_value(value).map_err(|error| error.in_field(name)),
        None => T::missing().ok_or_else(|| ReadError::missing(name)),
    }
}

/// Field `name` of `object` read as a `T`, or `T`'s default when it is missing
/// (`#[serde(default)]`; `null` is still an error unless `T` reads it).
pub fn field_or_default<T: FromValue + Default>(
    object: &Map<String, Value>,
    name: &str,
) -> Result<T, ReadError> {
    match object.get(name) {
        Some(value) => T::from_value(value).map_err(|error| error.in_field(name)),
        None => Ok(T::default()),
    }
}

/// The index in `names` of the unit variant `value` names (a string).
pub fn variant(value: &Value, names: &'static [&'static str]) -> Result<usize, ReadError> {
    let name = value
        .as_str()
        .ok_or_else(|| ReadError::expected("a string", value))?;
    names
        .iter()
        .position(|known| *known == name)
        .ok_or_else(|| {
            ReadError::new(Problem::Variant {
                found: name.to_string(),
                expected: names,
            })
        })
}

/// `value` as a whole number from 0 to `max`: serde reads integers of a type only
/// when in its range, and never from a number with a fraction.
fn unsigned(value: &Value, max: u64) -> Result<u64, ReadError> {
    let Value::Number(number) = value else {
        return Err(ReadError::expected("a number", value));
    };
    number
        .as_u64()
        .filter(|whole| *whole <= max)
        .ok_or(ReadError::new(Problem::Range { max }))
}

macro_rules! unsigned_from_value {
    ($($type:ty),*) => {$(
        impl FromValue for $type {
            fn from_value(value: &Value) -> Result<Self, ReadError> {
                // In range, so the conversion cannot fail.
                unsigned(value, <$type>::MAX as u64).map(|whole| whole as $type)
            }
        }
    )*};
}

unsigned_from_value!(u8, u16, u32, u64);

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        value
            .as_f64()
            .ok_or_else(|| ReadError::expected("a number", value))
    }
}

impl FromValue for f32 {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        // serde converts each kind of number to `f32` directly (a large integer is
        // not rounded to `f64` first).
        let Value::Number(number) = value else {
            return Err(ReadError::expected("a number", value));
        };
        Ok(match (number.as_u64(), number.as_i64()) {
            (Some(whole), _) => whole as f32,
            (None, Some(negative)) => negative as f32,
            _ => number.as_f64().unwrap_or_default() as f32,
        })
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        value
            .as_bool()
            .ok_or_else(|| ReadError::expected("true or false", value))
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        value
            .as_str()
            .map(String::from)
            .ok_or_else(|| ReadError::expected("a string", value))
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }

    fn missing() -> Option<Self> {
        Some(None)
    }
}

/// `value` as a list, each item read as a `T`.
fn items<T: FromValue>(value: &Value) -> Result<Vec<T>, ReadError> {
    let list = value
        .as_array()
        .ok_or_else(|| ReadError::expected("a list", value))?;
    // A plain loop: `collect` into a `Result` compiled an iterator adapter per
    // type besides this function.
    let mut read = Vec::with_capacity(list.len());
    for (index, item) in list.iter().enumerate() {
        read.push(T::from_value(item).map_err(|error| error.at(index))?);
    }
    Ok(read)
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        items(value)
    }
}

impl<T: FromValue, const N: usize> FromValue for [T; N] {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let list: Vec<T> = items(value)?;
        let found = list.len();
        list.try_into()
            .map_err(|_| ReadError::new(Problem::Length { expected: N, found }))
    }
}

/// A pair is a list of exactly two values.
impl<A: FromValue, B: FromValue> FromValue for (A, B) {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let list = value
            .as_array()
            .ok_or_else(|| ReadError::expected("a list", value))?;
        let [first, second] = list.as_slice() else {
            return Err(ReadError::new(Problem::Length {
                expected: 2,
                found: list.len(),
            }));
        };
        Ok((
            A::from_value(first).map_err(|error| error.at(0))?,
            B::from_value(second).map_err(|error| error.at(1))?,
        ))
    }
}

/// Writes [`FromValue`] for a struct from its field list, in any order; each field
/// is read under its own name. Mark `#[serde(default)]` fields `#[default]`
/// (an `Option` field may be missing either way). Every field must be listed: the
/// struct is built from the list, so a field left out does not compile.
///
/// ```
/// use duet_core::decode::from_value::FromValue;
///
/// #[derive(Debug, PartialEq)]
/// struct Site {
///     title: String,
///     tags: Vec<String>,
/// }
/// duet_core::from_value_struct!(Site { title, #[default] tags });
///
/// let site = Site::from_value(&serde_json::json!({"title": "Duet"})).unwrap();
/// assert_eq!(site.tags, Vec::<String>::new());
/// let error = Site::from_value(&serde_json::json!({"tags": []})).unwrap_err();
/// assert_eq!(error.to_string(), "title: missing");
/// ```
#[macro_export]
macro_rules! from_value_struct {
    ($type:ident { $($(#[$default:ident])? $field:ident),* $(,)? }) => {
        impl $crate::decode::from_value::FromValue for $type {
            fn from_value(
                value: &$crate::decode::from_value::Value,
            ) -> Result<Self, $crate::decode::from_value::ReadError> {
                let object = $crate::decode::from_value::object(value)?;
                Ok($type {
                    $($field: $crate::from_value_struct!(@field object, $field $(, $default)?)?,)*
                })
            }
        }
    };
    (@field $object:ident, $field:ident) => {
        $crate::decode::from_value::field($object, stringify!($field))
    };
    (@field $object:ident, $field:ident, default) => {
        $crate::decode::from_value::field_or_default($object, stringify!($field))
    };
}
