//! What several selected records have in common: the pane shows it in place of one
//! record's form when more than one is selected.

use crate::model::{Field, FieldValue, Record};

use super::Session;

/// A field's value that every selected record has: the one value of a single-valued
/// field, or the items every record's list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedValue {
    /// The field.
    pub field: Field,
    /// The shared value (one item for a single-valued field).
    pub values: Vec<String>,
}

/// Fields too long to compare or show as a shared value.
fn compared(field: Field) -> bool {
    !matches!(field, Field::Texts | Field::Attachments | Field::Notes)
}

/// The values every one of `records` has, field by field in the form's order; a
/// field none share (or that is empty everywhere) is left out.
pub fn shared_values<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<SharedValue> {
    let mut shared: Vec<SharedValue> = Vec::new();
    let mut first = true;
    for record in records {
        if first {
            shared = Field::ALL
                .into_iter()
                .filter(|f| compared(*f))
                .map(|field| SharedValue {
                    field,
                    values: items(field.get(record)),
                })
                .collect();
            first = false;
        } else {
            for value in &mut shared {
                let theirs = items(value.field.get(record));
                value.values.retain(|v| theirs.contains(v));
            }
        }
        shared.retain(|v| !v.values.is_empty());
        if shared.is_empty() {
            break;
        }
    }
    shared
}

/// A value as the items compared: a list's items, or a single value's text.
fn items(value: FieldValue) -> Vec<String> {
    match value {
        FieldValue::List(items) => items,
        FieldValue::Related(ids) => ids.iter().map(|id| id.as_str().to_owned()).collect(),
        single => {
            let text = single.to_text("; ");
            if text.is_empty() {
                Vec::new()
            } else {
                vec![text]
            }
        }
    }
}

impl Session {
    /// What the selected records the list shows have in common.
    pub fn selection_shared(&self) -> Vec<SharedValue> {
        let visible = self.visible_selection();
        shared_values(visible.iter().filter_map(|id| self.catalog.get(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecordId;

    fn record(id: &str, doc_type: &str, people: &[&str]) -> Record {
        let mut r = Record::new(RecordId::new(id).unwrap(), id);
        r.doc_type = doc_type.to_owned();
        r.people = people.iter().map(|p| (*p).to_owned()).collect();
        r
    }

    #[test]
    fn shared_values_keep_equal_fields_and_common_list_items() {
        let a = record("a", "Memo", &["Kim Il Sung", "Mao Zedong"]);
        let b = record("b", "Memo", &["Mao Zedong", "Kim Il Sung", "Zhou Enlai"]);
        let c = record("c", "Memo", &["Kim Il Sung"]);
        let shared = shared_values([&a, &b, &c]);
        let of = |field| {
            shared
                .iter()
                .find(|v| v.field == field)
                .map(|v| v.values.clone())
        };
        assert_eq!(of(Field::DocType), Some(vec!["Memo".to_owned()]));
        assert_eq!(of(Field::People), Some(vec!["Kim Il Sung".to_owned()]));
        // Titles differ; an empty summary is no shared value.
        assert_eq!(of(Field::Title), None);
        assert_eq!(of(Field::Summary), None);
        let d = record("d", "Letter", &[]);
        let shared = shared_values([&a, &d]);
        assert!(
            shared
                .iter()
                .all(|v| v.field != Field::DocType && v.field != Field::People)
        );
    }
}
