//! Case records (案卷) and the indicators counted from them: the table's columns, reading an
//! export through a mapping, the condition language, a ruleset's count and indicator definitions,
//! and counting a table into each unit's months.

pub mod columns;
pub mod condition;
pub mod count;
pub mod definition;
pub mod mapping;
pub mod sql;
pub mod table;
pub mod timestamp;
