//! Where a pymrio system's files are: a folder, or a zip archive (as
//! EXIOBASE ships them) with the system in its root or in one folder.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use crate::error::TableError;
use crate::pymrio::params::{FileParameters, IO_SYSTEM};

/// The name of the file that lists a system's or an extension's tables.
pub(crate) const FILE_PARAMETERS: &str = "file_parameters.json";

/// A folder or zip archive holding one system; files are named relative to
/// the system's root, with `/` between folders.
pub(crate) enum Source {
    Folder(PathBuf),
    Zip {
        path: PathBuf,
        archive: ZipArchive<BufReader<File>>,
        /// The system's folder inside the archive, `""` or ending in `/`.
        root: String,
    },
}

impl Source {
    /// The system at `path`: a folder, or a zip archive whose system is the
    /// one `file_parameters.json` of `"systemtype": "IOSystem"` in it.
    pub(crate) fn open(path: &Path) -> Result<Source, TableError> {
        let io = |cause| TableError::Io {
            path: path.to_path_buf(),
            cause,
        };
        let metadata = std::fs::metadata(path).map_err(io)?;
        if metadata.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        let file = File::open(path).map_err(io)?;
        let mut archive = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            TableError::layout(
                path,
                format!("expected a folder or a zip archive of a pymrio system: {e}"),
            )
        })?;
        let candidates: Vec<String> = entry_names(&archive)
            .into_iter()
            .filter(|name| {
                name.rsplit('/').next() == Some(FILE_PARAMETERS) && !name.starts_with("__MACOSX/")
            })
            .collect();
        let mut roots = Vec::new();
        for name in candidates {
            let mut text = String::new();
            archive
                .by_name(&name)
                .and_then(|mut entry| Ok(entry.read_to_string(&mut text)?))
                .map_err(|e| TableError::layout(path.join(&name), e.to_string()))?;
            let parameters = FileParameters::parse(&text, &path.join(&name))?;
            if parameters.systemtype == IO_SYSTEM {
                roots.push(name[..name.len() - FILE_PARAMETERS.len()].to_owned());
            }
        }
        match roots.len() {
            1 => Ok(Source::Zip {
                path: path.to_path_buf(),
                archive,
                root: roots.remove(0),
            }),
            0 => Err(TableError::layout(
                path,
                format!(
                    "expected a {FILE_PARAMETERS} with \"systemtype\": \"IOSystem\" in the archive, found none"
                ),
            )),
            _ => Err(TableError::layout(
                path,
                format!(
                    "expected one system in the archive, found {} ({})",
                    roots.len(),
                    roots.join(", ")
                ),
            )),
        }
    }

    /// The path of the system: its folder, or the archive and the folder in it.
    pub(crate) fn location(&self) -> PathBuf {
        match self {
            Source::Folder(root) => root.clone(),
            Source::Zip { path, root, .. } if root.is_empty() => path.clone(),
            Source::Zip { path, root, .. } => path.join(root.trim_end_matches('/')),
        }
    }

    /// The path error messages give for the file `name`.
    pub(crate) fn display(&self, name: &str) -> PathBuf {
        match self {
            Source::Folder(root) => root.join(name),
            Source::Zip { path, root, .. } => path.join(format!("{root}{name}")),
        }
    }

    /// The file `name`, opened for streaming.
    pub(crate) fn reader(&mut self, name: &str) -> Result<Box<dyn Read + '_>, TableError> {
        let shown = self.display(name);
        match self {
            Source::Folder(root) => {
                let file = File::open(root.join(name))
                    .map_err(|cause| TableError::Io { path: shown, cause })?;
                Ok(Box::new(BufReader::with_capacity(1 << 20, file)))
            }
            Source::Zip { archive, root, .. } => {
                let entry = archive.by_name(&format!("{root}{name}")).map_err(|e| {
                    TableError::layout(shown, format!("cannot open it in the archive: {e}"))
                })?;
                Ok(Box::new(BufReader::with_capacity(1 << 20, entry)))
            }
        }
    }

    /// The whole file `name` as text (for the small JSON files).
    pub(crate) fn read_to_string(&mut self, name: &str) -> Result<String, TableError> {
        let shown = self.display(name);
        let mut text = String::new();
        self.reader(name)?
            .read_to_string(&mut text)
            .map_err(|cause| TableError::Io { path: shown, cause })?;
        Ok(text)
    }

    /// The direct subfolders of the root that hold a `file_parameters.json`
    /// (the extensions), sorted by name.
    pub(crate) fn subfolders(&self) -> Result<Vec<String>, TableError> {
        let mut folders: Vec<String> = match self {
            Source::Folder(root) => {
                let entries = std::fs::read_dir(root).map_err(|cause| TableError::Io {
                    path: root.clone(),
                    cause,
                })?;
                let mut folders = Vec::new();
                for entry in entries {
                    let entry = entry.map_err(|cause| TableError::Io {
                        path: root.clone(),
                        cause,
                    })?;
                    if entry.path().join(FILE_PARAMETERS).is_file() {
                        folders.push(entry.file_name().to_string_lossy().into_owned());
                    }
                }
                folders
            }
            Source::Zip { archive, root, .. } => entry_names(archive)
                .iter()
                .filter_map(|name| name.strip_prefix(root.as_str()))
                .filter_map(|rest| rest.strip_suffix(FILE_PARAMETERS))
                .filter_map(|folder| folder.strip_suffix('/'))
                .filter(|folder| !folder.is_empty() && !folder.contains('/'))
                .map(str::to_owned)
                .collect(),
        };
        folders.sort();
        Ok(folders)
    }
}

/// The names of the entries of `archive` (an entry whose name is not valid
/// text cannot be one of a system's files, and is passed over).
pub(crate) fn entry_names<R: Read + std::io::Seek>(archive: &ZipArchive<R>) -> Vec<String> {
    archive
        .file_names()
        .filter_map(|name| name.ok().map(|n| n.into_owned()))
        .collect()
}
