//! The case-record table's columns: one row per case (案卷), following the case lifecycle of the
//! national standard for digital urban management (上报, 立案, 派遣, 处置, 核查, 结案; 回退, 返工,
//! 延期, 缓办, 督办). Each column has an English name used in rulesets and a Chinese label that
//! a table may use as its header.

/// What a column holds, and how an empty cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Free text; an empty cell is missing.
    Text,
    /// One of a closed set of codes, each with its Chinese label (either may be written); an
    /// empty cell is missing.
    Choice(&'static [(&'static str, &'static str)]),
    /// A local date-time; an empty cell means the stage has not happened.
    Time,
    /// A whole number of times; an empty cell is 0.
    Count,
    /// Yes or no; an empty cell is no.
    Flag,
}

/// One column of the case table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    CaseId,
    Unit,
    Source,
    Kind,
    Category,
    Subclass,
    SubclassCode,
    Place,
    RoadClass,
    ReportedAt,
    FiledAt,
    DispatchedAt,
    Deadline,
    HandledAt,
    CheckedAt,
    ClosedAt,
    Returns,
    Reworks,
    Extensions,
    ExtensionsApproved,
    Deferred,
    Supervised,
    ForcedClosure,
    Void,
    Satisfaction,
}

const SOURCES: &[(&str, &str)] = &[
    ("inspector", "信息采集员上报"),
    ("public", "公众举报"),
    ("hotline", "热线"),
    ("video", "视频监控"),
    ("assigned", "领导交办"),
    ("other", "其他"),
];
const KINDS: &[(&str, &str)] = &[("component", "部件"), ("event", "事件")];
const ROAD_CLASSES: &[(&str, &str)] =
    &[("main", "主干道"), ("key_area", "重点区域"), ("secondary", "次干道"), ("back_lane", "背街小巷")];
const SATISFACTION: &[(&str, &str)] = &[
    ("satisfied", "满意"),
    ("basically_satisfied", "基本满意"),
    ("dissatisfied", "不满意"),
    ("invalid", "无效回访"),
];

impl Column {
    pub const ALL: [Column; 25] = [
        Column::CaseId,
        Column::Unit,
        Column::Source,
        Column::Kind,
        Column::Category,
        Column::Subclass,
        Column::SubclassCode,
        Column::Place,
        Column::RoadClass,
        Column::ReportedAt,
        Column::FiledAt,
        Column::DispatchedAt,
        Column::Deadline,
        Column::HandledAt,
        Column::CheckedAt,
        Column::ClosedAt,
        Column::Returns,
        Column::Reworks,
        Column::Extensions,
        Column::ExtensionsApproved,
        Column::Deferred,
        Column::Supervised,
        Column::ForcedClosure,
        Column::Void,
        Column::Satisfaction,
    ];

    /// The name rulesets and English headers use, with the Chinese label and what it holds.
    pub fn describe(self) -> (&'static str, &'static str, ColumnType) {
        use ColumnType::*;
        match self {
            Column::CaseId => ("case_id", "案件号", Text),
            Column::Unit => ("unit", "责任单位", Text),
            Column::Source => ("source", "问题来源", Choice(SOURCES)),
            Column::Kind => ("kind", "问题类型", Choice(KINDS)),
            Column::Category => ("category", "大类名称", Text),
            Column::Subclass => ("subclass", "小类名称", Text),
            Column::SubclassCode => ("subclass_code", "小类代码", Text),
            Column::Place => ("place", "位置", Text),
            Column::RoadClass => ("road_class", "道路等级", Choice(ROAD_CLASSES)),
            Column::ReportedAt => ("reported_at", "上报时间", Time),
            Column::FiledAt => ("filed_at", "立案时间", Time),
            Column::DispatchedAt => ("dispatched_at", "派遣时间", Time),
            Column::Deadline => ("deadline", "处置截止时间", Time),
            Column::HandledAt => ("handled_at", "处置完成时间", Time),
            Column::CheckedAt => ("checked_at", "核查时间", Time),
            Column::ClosedAt => ("closed_at", "结案时间", Time),
            Column::Returns => ("returns", "回退次数", Count),
            Column::Reworks => ("reworks", "返工次数", Count),
            Column::Extensions => ("extensions", "延期次数", Count),
            Column::ExtensionsApproved => ("extensions_approved", "批准延期次数", Count),
            Column::Deferred => ("deferred", "缓办", Flag),
            Column::Supervised => ("supervised", "督办", Flag),
            Column::ForcedClosure => ("forced_closure", "强制结案", Flag),
            Column::Void => ("void", "作废", Flag),
            Column::Satisfaction => ("satisfaction", "回访满意度", Choice(SATISFACTION)),
        }
    }

    pub fn name(self) -> &'static str {
        self.describe().0
    }

    pub fn label(self) -> &'static str {
        self.describe().1
    }

    pub fn kind(self) -> ColumnType {
        self.describe().2
    }

    /// The column with this English name or Chinese label.
    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name || c.label() == name)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The code a choice cell means: the code itself or its Chinese label.
pub(crate) fn choice_code(choices: &[(&'static str, &'static str)], cell: &str) -> Option<&'static str> {
    choices.iter().find(|(code, label)| *code == cell || *label == cell).map(|(code, _)| *code)
}

/// `inspector (信息采集员上报), public (公众举报), …` for messages.
pub(crate) fn choice_list(choices: &[(&str, &str)]) -> String {
    choices.iter().map(|(code, label)| format!("{code} ({label})")).collect::<Vec<_>>().join(", ")
}
