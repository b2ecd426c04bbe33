//! [`Attributes`]: the free-form name → JSON value maps of the API.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A free-form map of names to JSON values: the type of every object the
/// spec leaves open (`additionalProperties: true`), such as a user's or a
/// tenant's custom attributes and the `data` of an error.
///
/// Entries are kept sorted by name in one vector, so a user with two
/// attributes costs one small allocation for the map instead of a B-tree
/// node: decoding a list of 100,000 users with their attributes takes well
/// under half the memory a [`serde_json::Map`] would (see BENCHMARKS.md).
/// Lookups are binary searches; iteration and serialization are in name
/// order, as with a [`serde_json::Map`]. A name that appears twice in the
/// JSON keeps its last value.
///
/// It converts to and from [`serde_json::Map`] and collects from any
/// iterator of names and values:
///
/// ```
/// use saasus_auth::Attributes;
/// use serde_json::json;
///
/// let mut attributes: Attributes = [("department", json!("Sales"))].into_iter().collect();
/// attributes.insert("birthday", json!("1990-04-01"));
/// assert_eq!(attributes.get("department"), Some(&json!("Sales")));
/// assert_eq!(
///     attributes.keys().collect::<Vec<_>>(),
///     ["birthday", "department"],
/// );
/// assert_eq!(
///     serde_json::to_string(&attributes).unwrap(),
///     r#"{"birthday":"1990-04-01","department":"Sales"}"#,
/// );
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    /// Sorted by name, names unique.
    entries: Vec<(String, Value)>,
}

impl Attributes {
    /// An empty map; allocates nothing.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(key, _)| key.as_str().cmp(name))
    }

    /// The value stored under `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(name).ok().map(|i| &self.entries[i].1)
    }

    /// The value stored under `name`, to change in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        match self.find(name) {
            Ok(i) => Some(&mut self.entries[i].1),
            Err(_) => None,
        }
    }

    /// Whether there is a value under `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Stores `value` under `name`, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let name = name.into();
        let value = value.into();
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes the value under `name` and returns it.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.find(name).ok().map(|i| self.entries.remove(i).1)
    }

    /// The entries, in name order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.entries.iter(),
        }
    }

    /// The names, in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + '_ {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    /// The values, in name order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> + DoubleEndedIterator + '_ {
        self.entries.iter().map(|(_, value)| value)
    }

    /// Builds the map from entries in any order; the last value of a
    /// repeated name wins.
    fn from_entries(mut entries: Vec<(String, Value)>) -> Self {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            sort_last_wins(&mut entries);
        }
        entries.shrink_to_fit();
        Self { entries }
    }
}

/// Sorts `entries` by name and keeps, of each repeated name, the value
/// given last, in place: a stable sort keeps repeated names in input order,
/// and the dedup moves each later value into the entry it keeps.
fn sort_last_wins(entries: &mut Vec<(String, Value)>) {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|later, kept| {
        let repeated = later.0 == kept.0;
        if repeated {
            std::mem::swap(&mut later.1, &mut kept.1);
        }
        repeated
    });
}

/// Up to this many entries, a decoded entry out of name order is inserted
/// at its place (a binary search and a short move); past it, the rest is
/// appended and the whole sorted once, so that a hostile object with many
/// names costs `n log n`, not `n²`.
const INSERTION_LIMIT: usize = 16;

/// Borrowing iterator over an [`Attributes`]' entries, in name order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    inner: std::slice::Iter<'a, (String, Value)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(key, value)| (key.as_str(), value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner
            .next_back()
            .map(|(key, value)| (key.as_str(), value))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Attributes {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    /// The entries, in name order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Attributes {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self::from_entries(
            iter.into_iter()
                .map(|(key, value)| (key.into(), value.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for Attributes {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl From<Map<String, Value>> for Attributes {
    fn from(map: Map<String, Value>) -> Self {
        map.into_iter().collect()
    }
}

impl From<Attributes> for Map<String, Value> {
    fn from(attributes: Attributes) -> Self {
        attributes.entries.into_iter().collect()
    }
}

impl From<Attributes> for Value {
    fn from(attributes: Attributes) -> Self {
        Value::Object(attributes.into())
    }
}

/// The value under a name, or `null` when there is none (as indexing a
/// [`serde_json::Value`]; never panics).
///
/// ```
/// use saasus_auth::Attributes;
/// use serde_json::json;
///
/// let attributes: Attributes = [("level", 3)].into_iter().collect();
/// assert_eq!(attributes["level"], json!(3));
/// assert!(attributes["missing"].is_null());
/// ```
impl std::ops::Index<&str> for Attributes {
    type Output = Value;

    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AttributesVisitor;

        impl<'de> Visitor<'de> for AttributesVisitor {
            type Value = Attributes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Attributes, A::Error> {
                // No size hint from JSON: start small, since most maps
                // hold a handful of entries, and trim to size at the end.
                // Entries are kept in name order as they come (the last
                // value of a repeated name wins, as in `serde_json::Map`),
                // so that a small object needs no second pass.
                let mut entries: Vec<(String, Value)> =
                    Vec::with_capacity(access.size_hint().unwrap_or(2).min(64));
                let mut in_order = true;
                while let Some((name, value)) = access.next_entry::<String, Value>()? {
                    if in_order {
                        let place = match entries.last() {
                            Some((last, _)) if *last >= name => {
                                entries.binary_search_by(|(key, _)| key.cmp(&name))
                            }
                            _ => Err(entries.len()),
                        };
                        match place {
                            Ok(i) => {
                                entries[i].1 = value;
                                continue;
                            }
                            Err(i) if i == entries.len() || entries.len() < INSERTION_LIMIT => {
                                entries.insert(i, (name, value));
                                continue;
                            }
                            Err(_) => in_order = false,
                        }
                    }
                    entries.push((name, value));
                }
                if !in_order {
                    sort_last_wins(&mut entries);
                }
                entries.shrink_to_fit();
                Ok(Attributes { entries })
            }
        }

        deserializer.deserialize_map(AttributesVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Attributes {
    fn schema_name() -> String {
        "Attributes".to_string()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        <Map<String, Value>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_sorted_with_the_last_of_repeated_names() {
        let attributes: Attributes =
            serde_json::from_str(r#"{"b":1,"a":{"x":[true]},"b":2,"c":null}"#).unwrap();
        assert_eq!(attributes.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(attributes.get("b"), Some(&json!(2)));
        assert_eq!(attributes.get("a"), Some(&json!({"x": [true]})));
        assert_eq!(attributes.get("c"), Some(&Value::Null));
        assert_eq!(attributes.get("d"), None);
        assert_eq!(attributes["a"]["x"][0], json!(true));
        assert_eq!(attributes["d"], Value::Null);
        assert_eq!(
            serde_json::to_string(&attributes).unwrap(),
            r#"{"a":{"x":[true]},"b":2,"c":null}"#
        );
    }

    #[test]
    fn decodes_large_objects_in_any_order_as_a_json_map_does() {
        // Names out of order before, at and past the insertion limit, with
        // repeats on both sides of it: the same entries as serde_json's map.
        for n in [3, INSERTION_LIMIT, INSERTION_LIMIT + 1, 200] {
            let mut json = String::from("{");
            for i in 0..n {
                let name = (i * 7919) % n;
                json.push_str(&format!(r#""k{name:03}":{i},"#));
                if i % 5 == 0 {
                    json.push_str(&format!(r#""k{:03}":"again {i}","#, (i * 31) % n));
                }
            }
            json.push_str(r#""k000":"last"}"#);
            let attributes: Attributes = serde_json::from_str(&json).unwrap();
            let map: Map<String, Value> = serde_json::from_str(&json).unwrap();
            assert_eq!(Map::from(attributes.clone()), map, "{n} names");
            assert!(attributes.keys().is_sorted_by(|a, b| a < b), "{n} names");
            assert_eq!(attributes["k000"], json!("last"));
        }
    }

    #[test]
    fn rejects_what_is_not_an_object() {
        for json in ["[]", "1", "\"a\"", "null", r#"{"a":}"#] {
            assert!(serde_json::from_str::<Attributes>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn behaves_like_a_json_map() {
        let input = json!({"z": 1, "m": "two", "a": [3], "q": {"r": false}});
        let Value::Object(map) = input.clone() else {
            unreachable!()
        };
        let attributes = Attributes::from(map.clone());
        assert_eq!(attributes.len(), 4);
        assert_eq!(Map::from(attributes.clone()), map);
        assert_eq!(Value::from(attributes.clone()), input);
        assert_eq!(
            serde_json::to_value(&attributes).unwrap(),
            serde_json::to_value(&map).unwrap()
        );
        assert_eq!(
            attributes.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            map.keys().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(format!("{attributes:?}"), format!("{map:?}"));
    }

    #[test]
    fn insert_remove_and_extend_keep_names_sorted_and_unique() {
        let mut attributes = Attributes::new();
        assert!(attributes.is_empty());
        assert_eq!(attributes.insert("b", 1), None);
        assert_eq!(attributes.insert("a", 2), None);
        assert_eq!(attributes.insert("b", 3), Some(json!(1)));
        attributes.extend([("c", 4), ("a", 5)]);
        assert_eq!(
            attributes.iter().collect::<Vec<_>>(),
            [("a", &json!(5)), ("b", &json!(3)), ("c", &json!(4))]
        );
        *attributes.get_mut("c").unwrap() = json!("x");
        assert_eq!(attributes.remove("b"), Some(json!(3)));
        assert_eq!(attributes.remove("b"), None);
        assert!(!attributes.contains_key("b"));
        assert!(attributes.contains_key("c"));
        assert_eq!(
            attributes.into_iter().collect::<Vec<_>>(),
            [("a".to_string(), json!(5)), ("c".to_string(), json!("x"))]
        );
    }

    #[test]
    fn collects_unsorted_input_with_the_last_value_winning() {
        let attributes: Attributes = [("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5)]
            .into_iter()
            .collect();
        assert_eq!(
            attributes.iter().collect::<Vec<_>>(),
            [("a", &json!(4)), ("b", &json!(3)), ("c", &json!(5))]
        );
    }
}
