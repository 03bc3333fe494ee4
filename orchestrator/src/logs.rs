//! Run logs: everything goes to `<run-dir>/logs/taonet.log`, and every event that names an actor
//! (`actor = "validator-0"`) also goes to `<run-dir>/logs/<actor>.log`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// Errors setting up logs.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The log directory or file could not be created.
    #[error("cannot create logs in {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A global subscriber was already installed.
    #[error("logging is already initialised")]
    AlreadyInitialised,
}

/// Collects an event's message and fields into one line, and its `actor` field.
#[derive(Default)]
struct LineVisitor {
    actor: Option<String>,
    message: String,
    fields: String,
}

impl Visit for LineVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "actor" {
            self.actor = Some(value.to_string());
        }
        self.record_debug(field, &value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => {
                let _ = write!(self.message, "{value:?}");
            }
            "actor" => {
                if self.actor.is_none() {
                    self.actor = Some(format!("{value:?}").trim_matches('"').to_string());
                }
            }
            name => {
                let _ = write!(self.fields, " {name}={value:?}");
            }
        }
    }
}

/// A layer writing one file per actor.
struct ActorFiles {
    dir: PathBuf,
    files: Mutex<HashMap<String, BufWriter<File>>>,
}

impl<S: Subscriber> Layer<S> for ActorFiles {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut visitor = LineVisitor::default();
        event.record(&mut visitor);
        let Some(actor) = visitor.actor else {
            return;
        };
        // Actor names come from the validated topology: letters, digits, '-' and '_'.
        if actor.is_empty()
            || !actor
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return;
        }
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        if !files.contains_key(&actor) {
            match File::create(self.dir.join(format!("{actor}.log"))) {
                Ok(f) => {
                    files.insert(actor.clone(), BufWriter::new(f));
                }
                Err(_) => return,
            }
        }
        if let Some(file) = files.get_mut(&actor) {
            let level = event.metadata().level();
            let _ = writeln!(file, "{level} {}{}", visitor.message, visitor.fields);
            let _ = file.flush();
        }
    }
}

/// Installs the global subscriber writing under `<run_dir>/logs/`. `RUST_LOG` sets the level (default
/// `info`).
pub fn init(run_dir: &Path) -> Result<(), LogError> {
    let dir = run_dir.join("logs");
    let io = |source| LogError::Io {
        path: dir.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let main = File::create(dir.join("taonet.log")).map_err(io)?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(Mutex::new(main)),
        )
        .with(ActorFiles {
            dir: dir.clone(),
            files: Mutex::new(HashMap::new()),
        })
        .try_init()
        .map_err(|_| LogError::AlreadyInitialised)
}
