//! Spreadsheets (XLSX, ODS, and XLS/XLSB as calamine reads them): every sheet is a page that
//! starts with the sheet name as a heading, followed by its non-empty rows as table rows.

use super::markup::Blocks;
use super::office::MAX_UNZIPPED;
use calamine::Reader;
use std::io::Cursor;

/// Most cells read from one workbook.
const MAX_CELLS: usize = 5_000_000;

pub fn sheets(bytes: &[u8]) -> Result<String, String> {
    // calamine inflates parts itself; refuse packages that declare more than the limit.
    if let Ok(zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
        let declared: u64 = zip
            .decompressed_size()
            .map(|s| s as u64)
            .unwrap_or(u64::MAX);
        if declared > MAX_UNZIPPED {
            return Err(format!(
                "decompresses to more than {} MB: refused as a possible zip bomb",
                MAX_UNZIPPED >> 20
            ));
        }
    }
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("not a readable spreadsheet ({e})"))?;
    let mut b = Blocks::default();
    let mut cells = 0usize;
    for name in wb.sheet_names() {
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => return Err(format!("sheet `{name}` could not be read ({e})")),
        };
        b.page_break();
        b.heading(1, &name);
        for row in range.rows() {
            cells += row.len();
            if cells > MAX_CELLS {
                return Err(format!("more than {MAX_CELLS} cells: refused"));
            }
            b.row(&row.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        }
        b.end_table();
    }
    Ok(b.finish())
}
