//! Case-record exports as Parquet (as Spark, DuckDB, pandas and polars write them): only the
//! columns the counts read are decoded, each value turned into the text the case table reads.
//! Times must be local (naive) timestamps or text: a column of UTC instants is refused, as its
//! month depends on a time zone the file does not carry.

use std::fs::File;
use std::path::Path;

use kaohe::cases::columns::Column;
use kaohe::cases::mapping::Mapping;
use kaohe::cases::table::CaseTable;
use kaohe::cases::timestamp;
use parquet::basic::{LogicalType, TimeUnit};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::Type;

use crate::cases::{refused, Read};
use crate::Failure;

/// How a column's whole numbers read: as numbers, or as timestamps in this many per second.
#[derive(Clone, Copy)]
enum Unit {
    Plain,
    PerSecond(i64),
}

fn time_text(value: i64, per_second: i64) -> String {
    timestamp::format(value.div_euclid(per_second))
}

fn field_text(field: &Field, unit: Unit) -> Result<String, String> {
    Ok(match (field, unit) {
        (Field::Null, _) => String::new(),
        (Field::Str(text), _) => text.clone(),
        (Field::Bool(b), _) => if *b { "1" } else { "0" }.to_owned(),
        (Field::Long(n), Unit::PerSecond(per)) => time_text(*n, per),
        (Field::TimestampMillis(n), _) => time_text(*n, 1_000),
        (Field::TimestampMicros(n), _) => time_text(*n, 1_000_000),
        // Days from 1970-01-01: midnight of that day.
        (Field::Date(days), _) => timestamp::format(i64::from(*days).saturating_mul(86_400)),
        (Field::Byte(n), _) => n.to_string(),
        (Field::Short(n), _) => n.to_string(),
        (Field::Int(n), _) => n.to_string(),
        (Field::Long(n), _) => n.to_string(),
        (Field::UByte(n), _) => n.to_string(),
        (Field::UShort(n), _) => n.to_string(),
        (Field::UInt(n), _) => n.to_string(),
        (Field::ULong(n), _) => n.to_string(),
        (Field::Float(x), _) => x.to_string(),
        (Field::Double(x), _) => x.to_string(),
        (other, _) => return Err(format!("a {other:?} value, not a text, number, flag or time")),
    })
}

/// Reads a Parquet file into a case table.
pub fn read_table(path: &Path, mapping: &Mapping, wanted: &[Column]) -> Result<Read, Failure> {
    let shown = path.display().to_string();
    let fail = |e: &dyn std::fmt::Display| Failure(format!("error: cannot read {shown}: {e}"));
    let reader = SerializedFileReader::new(File::open(path).map_err(|e| fail(&e))?).map_err(|e| fail(&e))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let fields = schema.root_schema().get_fields().to_vec();
    let headers: Vec<String> = fields.iter().map(|f| f.name().trim().to_owned()).collect();
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut layout = mapping.layout(&names).map_err(|e| Failure(format!("error: {shown}: {e}")))?;
    layout.keep(wanted);
    // Decode only the read columns; each value lands at its header's position.
    let read: Vec<usize> = {
        let mut at: Vec<usize> = layout.positions().collect();
        at.sort_unstable();
        at.dedup();
        at
    };
    let mut units = Vec::with_capacity(read.len());
    for at in &read {
        let field = fields.get(*at).ok_or_else(|| fail(&"a column the layout names is missing"))?;
        units.push(match field.get_basic_info().logical_type_ref() {
            Some(LogicalType::Timestamp(stamp)) if stamp.is_adjusted_to_u_t_c => {
                return Err(Failure(format!(
                    "error: {shown}: column {} holds UTC instants; write local times (a timestamp without a \
                     time zone, or text such as 2026-03-05 14:22:10)",
                    field.name()
                )))
            }
            Some(LogicalType::Timestamp(stamp)) => match stamp.unit {
                TimeUnit::NANOS => Unit::PerSecond(1_000_000_000),
                TimeUnit::MICROS => Unit::PerSecond(1_000_000),
                TimeUnit::MILLIS => Unit::PerSecond(1_000),
            },
            _ => Unit::Plain,
        });
    }
    let projection = Type::group_type_builder("schema")
        .with_fields(read.iter().filter_map(|at| fields.get(*at).cloned()).collect())
        .build()
        .map_err(|e| fail(&e))?;
    let mut table = CaseTable::with_columns(&layout.columns);
    let mut texts: Vec<String> = vec![String::new(); headers.len()];
    for (index, row) in reader.get_row_iter(Some(projection)).map_err(|e| fail(&e))?.enumerate() {
        let row = row.map_err(|e| fail(&e))?;
        let place = format!("{shown}: row {}", index.saturating_add(1));
        for ((at, unit), (name, field)) in read.iter().zip(&units).zip(row.get_column_iter()) {
            if let Some(text) = texts.get_mut(*at) {
                *text = field_text(field, *unit)
                    .map_err(|problem| Failure(format!("error: {place}, column {name}: {problem}")))?;
            }
        }
        if let Err(e) = table.push_row(&layout.columns, layout.cells(|at| texts.get(at).map(String::as_str)))
        {
            return Err(refused(&place, &e));
        }
    }
    Ok(Read { table, ignored: layout.ignored })
}
