//! Writing files so that a reader never sees half of one: the one atomic-write helper used for
//! reports (`-o`), cache entries and the index state.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically: into a temporary file in the same folder, flushed, then
/// renamed over `path`. On failure the temporary file is removed and `path` is untouched. The
/// file keeps the permissions of the file it replaces; a new file gets `rw-r--r--` (a temporary
/// file is private until it is renamed). Only a regular file is replaced: a link, a FIFO, a
/// device or a folder at `path` is an error and left as it is. Errors name `path`, never the
/// temporary file.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let named =
        |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if !m.file_type().is_file() {
            return Err(named(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a link, folder, FIFO or device); \
                 linjaus replaces only regular files",
            )));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".linjaus-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write into {}", dir.display())))
        .map_err(named)?;
    tmp.write_all(bytes).map_err(named)?;
    tmp.as_file().sync_data().map_err(named)?;
    match std::fs::metadata(path) {
        Ok(m) => tmp
            .as_file()
            .set_permissions(m.permissions())
            .map_err(named)?,
        Err(_) => new_file_permissions(tmp.as_file()).map_err(named)?,
    }
    tmp.persist(path).map_err(|e| named(e.error))?;
    Ok(())
}

/// A temporary file is private (`rw-------`); a report is not.
#[cfg(unix)]
fn new_file_permissions(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::atomic_write;

    #[cfg(unix)]
    #[test]
    fn refuses_to_replace_a_link_or_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = atomic_write(&link, b"new").unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(atomic_write(&fifo, b"new").is_err());
            assert!(
                !std::fs::symlink_metadata(&fifo)
                    .unwrap()
                    .file_type()
                    .is_file()
            );
        } else {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"SKIPPED: mkfifo not available; the FIFO case was not tested\n",
            );
        }
        assert!(atomic_write(dir.path(), b"new").is_err());
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        std::fs::write(&p, "old old old").unwrap();
        atomic_write(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.txt");
        atomic_write(&p, b"a").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o664)).unwrap();
        atomic_write(&p, b"b").unwrap();
        assert_eq!(mode(&p), 0o664);
    }

    #[test]
    fn failure_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder/out.json");
        let e = atomic_write(&missing, b"x").unwrap_err().to_string();
        assert!(e.starts_with(&missing.display().to_string()), "{e}");
        assert!(
            !e.contains(".linjaus-"),
            "the temporary file is not named: {e}"
        );
    }
}
