//! `--format xlsx`: the four tables of [`super::tables`] as a workbook (`rust_xlsxwriter`),
//! one sheet each, the header row bold and frozen with a filter, columns as wide as their
//! content (within limits), numbers as number cells. The same rows as the CSV files.

use super::tables::{Table, Value};
use super::view::Report;
use crate::model::Lang;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Excel's limit for the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Column widths in characters: at least, at most.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

fn sheet(ws: &mut Worksheet, t: &Table, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(t.name)?;
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, bold)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            let len = match v {
                Value::Text(s) => {
                    let s: String = s.chars().take(MAX_CELL_CHARS).collect();
                    ws.write_string(r, col(c), &s)?;
                    s.chars().count()
                }
                Value::Int(n) => {
                    ws.write_number(r, col(c), *n as f64)?;
                    n.to_string().len()
                }
                Value::Num(x) => {
                    ws.write_number(r, col(c), *x)?;
                    x.to_string().len()
                }
                Value::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(len);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), (*w).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 2.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(t.rows.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last_row, col(t.headers.len().saturating_sub(1)))?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The workbook's bytes.
pub fn render(r: &Report, lang: Lang) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for t in super::tables::tables(r, lang) {
        sheet(wb.add_worksheet(), &t, &bold).map_err(|e| format!("workbook: {e}"))?;
    }
    wb.save_to_buffer().map_err(|e| format!("workbook: {e}"))
}
