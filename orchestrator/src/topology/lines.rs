//! The YAML document as a tree that remembers lines, and the path → line index built from it.
//!
//! yaml-rust2's marked events are folded into [`Node`]s (scalars keep their text and whether they were
//! quoted; mappings keep duplicate keys so the decoder can report them). Anchors and aliases are resolved
//! here. This module knows nothing about the topology schema.

use std::collections::{BTreeMap, HashMap};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML node with the (1-based) line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The line the node starts on, counting from 1.
    pub line: usize,
    /// What the node holds.
    pub kind: Kind,
}

/// The content of a [`Node`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `~`, `null` or an empty value.
    Null,
    /// A scalar's text; `plain` is false when it was quoted or a block scalar.
    Scalar {
        /// The scalar's text as written (after YAML unescaping).
        text: String,
        /// Whether the scalar was written without quotes.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping in document order; keys may repeat (the decoder reports duplicates).
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key's text (non-scalar keys are rendered as `<mapping>` / `<sequence>`).
    pub key: String,
    /// The line of the key.
    pub line: usize,
    /// The value.
    pub value: Node,
}

/// A YAML syntax error with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The line of the error, counting from 1.
    pub line: usize,
    /// The parser's description.
    pub message: String,
}

/// Parses the first YAML document of `text` into a tree; `Ok(None)` for an empty document.
pub fn load(text: &str) -> Result<Option<Node>, SyntaxError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| SyntaxError {
        line: e.marker().line(),
        message: e.info().to_string(),
    })?;
    Ok(builder.root)
}

enum Frame {
    Seq {
        line: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        line: usize,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, usize)>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    done: bool,
}

impl Builder {
    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = match node.kind {
                        Kind::Null => "~".to_string(),
                        Kind::Scalar { text, .. } => text,
                        Kind::Seq(_) => "<sequence>".to_string(),
                        Kind::Map(_) => "<mapping>".to_string(),
                    };
                    *key = Some((text, node.line));
                }
                Some((key, line)) => entries.push(Entry {
                    key,
                    line,
                    value: node,
                }),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.done {
            return;
        }
        let line = mark.line();
        match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = style == TScalarStyle::Plain;
                let kind = if plain && matches!(text.as_str(), "~" | "null" | "Null" | "NULL" | "")
                {
                    Kind::Null
                } else {
                    Kind::Scalar { text, plain }
                };
                self.complete(Node { line, kind }, anchor);
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(n) => Node {
                        line,
                        kind: n.kind.clone(),
                    },
                    None => Node {
                        line,
                        kind: Kind::Null,
                    },
                };
                self.complete(node, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq {
                line,
                anchor,
                items: Vec::new(),
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                line,
                anchor,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        line,
                        anchor,
                        items,
                    }) => (
                        Node {
                            line,
                            kind: Kind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        line,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            line,
                            kind: Kind::Map(entries),
                        },
                        anchor,
                    ),
                    None => return,
                };
                self.complete(node, anchor);
            }
            Event::DocumentEnd => self.done = true,
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart => {}
        }
    }
}

/// Maps every path in a document (`subnets[0].miners[1].count`) to the line it is written on.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    lines: BTreeMap<String, usize>,
}

impl LineIndex {
    /// Indexes every mapping key and sequence item under `root`.
    pub fn new(root: &Node) -> Self {
        let mut index = LineIndex::default();
        index.visit("", root);
        index
    }

    fn visit(&mut self, path: &str, node: &Node) {
        self.lines.entry(path.to_string()).or_insert(node.line);
        match &node.kind {
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.visit(&format!("{path}[{i}]"), item);
                }
            }
            Kind::Map(entries) => {
                for entry in entries {
                    let child = join(path, &entry.key);
                    self.lines.entry(child.clone()).or_insert(entry.line);
                    self.visit(&child, &entry.value);
                }
            }
            Kind::Null | Kind::Scalar { .. } => {}
        }
    }

    /// The line of `path`, or of its nearest written ancestor when the path itself is absent (a key left
    /// to its default is reported on the line of the mapping that omits it).
    pub fn line(&self, path: &str) -> Option<usize> {
        let mut path = path;
        loop {
            if let Some(line) = self.lines.get(path) {
                return Some(*line);
            }
            if path.is_empty() {
                return None;
            }
            path = parent(path);
        }
    }
}

/// `parent.key`, or `key` at the root.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn parent(path: &str) -> &str {
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    &path[..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_keys_and_items() {
        let yaml = "a: 1\nlist:\n  - name: x\n    count: 2\n  - name: y\n";
        let root = load(yaml).unwrap().unwrap();
        let index = LineIndex::new(&root);
        assert_eq!(index.line("a"), Some(1));
        assert_eq!(index.line("list"), Some(2));
        assert_eq!(index.line("list[0].name"), Some(3));
        assert_eq!(index.line("list[0].count"), Some(4));
        assert_eq!(index.line("list[1]"), Some(5));
        assert_eq!(index.line("list[1].count"), Some(5));
        assert_eq!(index.line("missing.deep"), Some(1));
    }

    #[test]
    fn syntax_errors_have_lines() {
        let err = load("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn aliases_resolve() {
        let root = load("a: &x 5\nb: *x\n").unwrap().unwrap();
        let Kind::Map(entries) = root.kind else {
            panic!("not a map")
        };
        assert_eq!(entries[1].value.kind, entries[0].value.kind);
    }
}
