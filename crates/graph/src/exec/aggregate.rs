//! Aggregating functions (`count`, `sum`, `avg`, `min`, `max`, `collect`, `percentileCont`,
//! `percentileDisc`, `stDev`, `stDevP`): one [`Aggregator`] per function call per group, fed
//! the argument of each row. Nulls are ignored, as Cypher requires; `DISTINCT` drops repeats by
//! Cypher equivalence.

use std::cmp::Ordering;
use std::collections::HashSet;

use cartograph_cypher::{CypherError, ErrorKind};

use crate::value::{GroupKey, Value};

/// The running state of one aggregating function call.
pub(crate) struct Aggregator {
    /// Values seen so far, when the call is `DISTINCT`.
    seen: Option<HashSet<GroupKey>>,
    state: State,
}

enum State {
    Count(i64),
    Sum(Total),
    Avg(Total, i64),
    Min(Option<Value>),
    Max(Option<Value>),
    Collect(Vec<Value>),
    Percentile {
        values: Vec<(f64, Value)>,
        percentile: f64,
        continuous: bool,
    },
    StDev {
        n: i64,
        mean: f64,
        m2: f64,
        sample: bool,
    },
}

/// A running sum: integers stay integers until a float arrives; durations add up separately.
enum Total {
    Empty,
    Int(i64),
    Float(f64),
    Duration(Value),
}

fn not_numeric(name: &str, v: &Value) -> CypherError {
    CypherError::type_error(format!(
        "{name}() expects numeric values, got {}",
        v.type_name()
    ))
    .with_detail("InvalidArgumentValue")
}

impl Total {
    /// Add `v`. `checked` makes integer overflow an error (`sum`); `avg` instead falls back to
    /// floats, since its result is a float anyway.
    fn add(&mut self, name: &str, v: Value, checked: bool) -> Result<(), CypherError> {
        *self = match (std::mem::replace(self, Total::Empty), v) {
            (Total::Empty, Value::Int(i)) => Total::Int(i),
            (Total::Empty, Value::Float(f)) => Total::Float(f),
            (Total::Empty, d @ Value::Duration(_)) => Total::Duration(d),
            (Total::Int(a), Value::Int(b)) => match a.checked_add(b) {
                Some(s) => Total::Int(s),
                None if checked => {
                    return Err(CypherError::new(
                        ErrorKind::ArithmeticError,
                        format!("integer overflow in {name}()"),
                    ));
                }
                None => Total::Float(a as f64 + b as f64),
            },
            (Total::Int(a), Value::Float(b)) => Total::Float(a as f64 + b),
            (Total::Float(a), Value::Int(b)) => Total::Float(a + b as f64),
            (Total::Float(a), Value::Float(b)) => Total::Float(a + b),
            (Total::Duration(a), d @ Value::Duration(_)) => match crate::temporal::add(&a, &d) {
                Some(sum) => Total::Duration(sum?),
                None => return Err(not_numeric(name, &d)),
            },
            (_, v) => {
                return Err(CypherError::type_error(format!(
                    "{name}() expects all numbers or all durations, got {}",
                    v.type_name()
                ))
                .with_detail("InvalidArgumentValue"));
            }
        };
        Ok(())
    }
}

/// A percentile argument: a number in `0.0..=1.0`.
fn percentile_arg(name: &str, extra: &[Value]) -> Result<f64, CypherError> {
    let p = match extra.first() {
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) => *f,
        Some(v) => {
            return Err(CypherError::argument(format!(
                "{name}() expects a numeric percentile, got {}",
                v.type_name()
            ))
            .with_detail("InvalidArgumentType"));
        }
        None => {
            return Err(
                CypherError::syntax(format!("{name}() takes a value and a percentile"))
                    .with_detail("InvalidNumberOfArguments"),
            );
        }
    };
    if !(0.0..=1.0).contains(&p) {
        return Err(CypherError::argument(format!(
            "{name}() percentile must be between 0.0 and 1.0, got {p}"
        ))
        .with_detail("NumberOutOfRange"));
    }
    Ok(p)
}

impl Aggregator {
    /// `extra`: the evaluated extra args (the percentile for percentileCont/Disc).
    pub(crate) fn new(
        name: &str,
        distinct: bool,
        extra: &[Value],
    ) -> Result<Aggregator, CypherError> {
        let name = name.to_ascii_lowercase();
        let state = match name.as_str() {
            "count" => State::Count(0),
            "sum" => State::Sum(Total::Empty),
            "avg" => State::Avg(Total::Empty, 0),
            "min" => State::Min(None),
            "max" => State::Max(None),
            "collect" => State::Collect(Vec::new()),
            "percentilecont" | "percentiledisc" => {
                let continuous = name == "percentilecont";
                let display = if continuous {
                    "percentileCont"
                } else {
                    "percentileDisc"
                };
                State::Percentile {
                    values: Vec::new(),
                    percentile: percentile_arg(display, extra)?,
                    continuous,
                }
            }
            "stdev" | "stdevp" => State::StDev {
                n: 0,
                mean: 0.0,
                m2: 0.0,
                sample: name == "stdev",
            },
            _ => {
                return Err(
                    CypherError::syntax(format!("Unknown aggregating function: {name}"))
                        .with_detail("UnknownFunction"),
                );
            }
        };
        Ok(Aggregator {
            seen: distinct.then(HashSet::new),
            state,
        })
    }

    pub(crate) fn update(&mut self, v: Value) -> Result<(), CypherError> {
        if v.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert(GroupKey(v.clone()))
        {
            return Ok(());
        }
        match &mut self.state {
            State::Count(n) => *n += 1,
            State::Sum(total) => total.add("sum", v, true)?,
            State::Avg(total, n) => {
                total.add("avg", v, false)?;
                *n += 1;
            }
            State::Min(best) => keep_if(best, v, Ordering::Less),
            State::Max(best) => keep_if(best, v, Ordering::Greater),
            State::Collect(items) => items.push(v),
            State::Percentile {
                values, continuous, ..
            } => {
                let name = if *continuous {
                    "percentileCont"
                } else {
                    "percentileDisc"
                };
                let x = match &v {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    other => return Err(not_numeric(name, other)),
                };
                values.push((x, v));
            }
            State::StDev {
                n,
                mean,
                m2,
                sample,
            } => {
                let x = match v {
                    Value::Int(i) => i as f64,
                    Value::Float(f) => f,
                    other => {
                        return Err(not_numeric(
                            if *sample { "stDev" } else { "stDevP" },
                            &other,
                        ));
                    }
                };
                // Welford's online algorithm: numerically stable in one pass.
                *n += 1;
                let delta = x - *mean;
                *mean += delta / *n as f64;
                *m2 += delta * (x - *mean);
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Value, CypherError> {
        Ok(match self.state {
            State::Count(n) => Value::Int(n),
            State::Sum(Total::Empty) => Value::Int(0),
            State::Sum(Total::Int(i)) => Value::Int(i),
            State::Sum(Total::Float(f)) => Value::Float(f),
            State::Sum(Total::Duration(d)) => d,
            State::Avg(Total::Empty, _) => Value::Null,
            State::Avg(Total::Int(i), n) => Value::Float(i as f64 / n as f64),
            State::Avg(Total::Float(f), n) => Value::Float(f / n as f64),
            State::Avg(Total::Duration(d), n) => {
                match crate::temporal::divide(&d, &Value::Int(n)) {
                    Some(avg) => avg?,
                    None => Value::Null,
                }
            }
            State::Min(best) | State::Max(best) => best.unwrap_or(Value::Null),
            State::Collect(items) => Value::List(items),
            State::Percentile {
                values,
                percentile,
                continuous,
            } => percentile_of(values, percentile, continuous),
            State::StDev { n, m2, sample, .. } => {
                let divisor = if sample { n - 1 } else { n };
                Value::Float(if divisor < 1 {
                    0.0
                } else {
                    (m2 / divisor as f64).sqrt()
                })
            }
        })
    }
}

/// Replace `best` with `v` when `v` orders `wanted` relative to it (Cypher's total order
/// across types, as `ORDER BY` uses).
fn keep_if(best: &mut Option<Value>, v: Value, wanted: Ordering) {
    if best.as_ref().is_none_or(|b| v.order_cmp(b) == wanted) {
        *best = Some(v);
    }
}

/// `percentileCont` interpolates between the two nearest values; `percentileDisc` picks the
/// smallest value whose cumulative share reaches the percentile, keeping its type.
fn percentile_of(mut values: Vec<(f64, Value)>, p: f64, continuous: bool) -> Value {
    if values.is_empty() {
        return Value::Null;
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = values.len();
    if continuous {
        let pos = p * (n - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        let (a, b) = (values[lo].0, values[hi.min(n - 1)].0);
        Value::Float(if lo == hi {
            a
        } else {
            a + (b - a) * (pos - lo as f64)
        })
    } else {
        let idx = ((p * n as f64).ceil() as usize)
            .saturating_sub(1)
            .min(n - 1);
        values.swap_remove(idx).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(x: i64) -> Value {
        Value::Int(x)
    }
    fn f(x: f64) -> Value {
        Value::Float(x)
    }
    fn s(x: &str) -> Value {
        Value::from(x)
    }
    const N: Value = Value::Null;

    fn aggregate(
        name: &str,
        distinct: bool,
        extra: &[Value],
        input: &[Value],
    ) -> Result<Value, CypherError> {
        let mut agg = Aggregator::new(name, distinct, extra)?;
        for v in input {
            agg.update(v.clone())?;
        }
        agg.finish()
    }

    /// Function, distinct, extra arguments, input rows, expected result.
    type Case<'a> = (&'a str, bool, Vec<Value>, Vec<Value>, Value);
    /// Function, extra arguments, input rows, expected error kind and detail.
    type ErrorCase<'a> = (&'a str, Vec<Value>, Vec<Value>, ErrorKind, Option<&'a str>);

    fn check(cases: &[Case<'_>]) {
        for (name, distinct, extra, input, want) in cases {
            match aggregate(name, *distinct, extra, input) {
                Ok(got) => assert!(
                    got.equivalent(want) && got.type_name() == want.type_name(),
                    "{name}(distinct={distinct}, {extra:?}) over {input:?} = {got:?}, want {want:?}"
                ),
                Err(e) => panic!("{name} over {input:?}: {e}"),
            }
        }
    }

    fn check_errors(cases: &[ErrorCase<'_>]) {
        for (name, extra, input, kind, detail) in cases {
            match aggregate(name, false, extra, input) {
                Ok(got) => panic!("{name} over {input:?} = {got:?}, expected {kind:?}"),
                Err(e) => assert_eq!(
                    (e.kind, e.detail),
                    (*kind, *detail),
                    "{name} over {input:?}: {e}"
                ),
            }
        }
    }

    #[test]
    fn count_collect_and_distinct() {
        let l = Value::List;
        check(&[
            ("count", false, vec![], vec![i(1), N, s("a")], i(2)),
            ("count", false, vec![], vec![], i(0)),
            ("count", true, vec![], vec![i(1), i(1), i(2), N, N], i(2)),
            ("count", true, vec![], vec![N, N], i(0)),
            (
                "collect",
                false,
                vec![],
                vec![i(1), N, i(1)],
                l(vec![i(1), i(1)]),
            ),
            (
                "collect",
                true,
                vec![],
                vec![N, i(1), N, i(1)],
                l(vec![i(1)]),
            ),
            ("collect", true, vec![], vec![N, N], l(vec![])),
            ("COLLECT", false, vec![], vec![s("x")], l(vec![s("x")])),
        ]);
    }

    #[test]
    fn sums_and_averages() {
        let big: Vec<Value> = (1_000_000..1_003_000).map(i).collect();
        check(&[
            ("sum", false, vec![], vec![i(33), N, i(42)], i(75)),
            ("sum", false, vec![], big, i(3_004_498_500)),
            ("sum", false, vec![], vec![i(1), f(0.5)], f(1.5)),
            ("sum", false, vec![], vec![], i(0)),
            ("sum", true, vec![], vec![i(2), i(2), i(3)], i(5)),
            ("avg", false, vec![], vec![i(1), i(2)], f(1.5)),
            ("avg", false, vec![], vec![i(1), f(2.0), N], f(1.5)),
            ("avg", false, vec![], vec![], N),
            (
                "avg",
                false,
                vec![],
                vec![i(i64::MAX), i(i64::MAX)],
                f(i64::MAX as f64),
            ),
        ]);
        check_errors(&[
            (
                "sum",
                vec![],
                vec![i(i64::MAX), i(1)],
                ErrorKind::ArithmeticError,
                None,
            ),
            (
                "sum",
                vec![],
                vec![i(1), s("a")],
                ErrorKind::TypeError,
                Some("InvalidArgumentValue"),
            ),
            (
                "avg",
                vec![],
                vec![s("a")],
                ErrorKind::TypeError,
                Some("InvalidArgumentValue"),
            ),
        ]);
    }

    #[test]
    fn min_and_max_use_the_cypher_order() {
        let l = Value::List;
        let mixed = vec![i(1), s("a"), N, l(vec![i(1), i(2)]), f(0.2), s("b")];
        check(&[
            ("max", false, vec![], vec![i(1), i(2), i(0), N, i(-1)], i(2)),
            (
                "min",
                false,
                vec![],
                vec![i(1), i(2), i(0), N, i(-1)],
                i(-1),
            ),
            (
                "max",
                false,
                vec![],
                vec![i(1), f(2.0), i(5), N, f(3.2), f(0.1)],
                i(5),
            ),
            (
                "min",
                false,
                vec![],
                vec![i(1), f(2.0), i(5), N, f(3.2), f(0.1)],
                f(0.1),
            ),
            (
                "max",
                false,
                vec![],
                vec![s("a"), s("b"), s("B"), N, s("abc"), s("abc1")],
                s("b"),
            ),
            (
                "min",
                false,
                vec![],
                vec![s("a"), s("b"), s("B"), N, s("abc"), s("abc1")],
                s("B"),
            ),
            (
                "max",
                false,
                vec![],
                vec![l(vec![i(1)]), l(vec![i(2)]), l(vec![i(2), i(1)])],
                l(vec![i(2), i(1)]),
            ),
            (
                "min",
                false,
                vec![],
                vec![l(vec![i(1)]), l(vec![i(2)]), l(vec![i(2), i(1)])],
                l(vec![i(1)]),
            ),
            ("max", false, vec![], mixed.clone(), i(1)),
            ("min", false, vec![], mixed, l(vec![i(1), i(2)])),
            ("max", false, vec![], vec![N], N),
            ("min", false, vec![], vec![], N),
        ]);
    }

    #[test]
    fn percentiles() {
        let prices = vec![f(10.0), f(20.0), f(30.0)];
        check(&[
            (
                "percentiledisc",
                false,
                vec![f(0.0)],
                prices.clone(),
                f(10.0),
            ),
            (
                "percentiledisc",
                false,
                vec![f(0.5)],
                prices.clone(),
                f(20.0),
            ),
            (
                "percentiledisc",
                false,
                vec![f(1.0)],
                prices.clone(),
                f(30.0),
            ),
            (
                "percentilecont",
                false,
                vec![f(0.0)],
                prices.clone(),
                f(10.0),
            ),
            (
                "percentilecont",
                false,
                vec![f(0.5)],
                prices.clone(),
                f(20.0),
            ),
            ("percentilecont", false, vec![i(1)], prices.clone(), f(30.0)),
            (
                "percentilecont",
                false,
                vec![f(0.25)],
                prices.clone(),
                f(15.0),
            ),
            (
                "percentiledisc",
                false,
                vec![f(0.9)],
                vec![i(3), i(1), i(2), N],
                i(3),
            ),
            (
                "percentiledisc",
                false,
                vec![f(0.5)],
                vec![i(3), i(1), i(2), i(4)],
                i(2),
            ),
            (
                "percentilecont",
                false,
                vec![f(0.5)],
                vec![i(3), i(1), i(2), i(4)],
                f(2.5),
            ),
            ("percentilecont", false, vec![f(0.5)], vec![], N),
            ("percentilecont", false, vec![f(0.5)], vec![i(7)], f(7.0)),
        ]);
        for p in [i(1000), i(-1), f(1.1)] {
            check_errors(&[
                (
                    "percentilecont",
                    vec![p.clone()],
                    prices.clone(),
                    ErrorKind::ArgumentError,
                    Some("NumberOutOfRange"),
                ),
                (
                    "percentiledisc",
                    vec![p.clone()],
                    prices.clone(),
                    ErrorKind::ArgumentError,
                    Some("NumberOutOfRange"),
                ),
            ]);
        }
        check_errors(&[
            (
                "percentiledisc",
                vec![s("x")],
                vec![],
                ErrorKind::ArgumentError,
                Some("InvalidArgumentType"),
            ),
            (
                "percentiledisc",
                vec![f(0.5)],
                vec![s("x")],
                ErrorKind::TypeError,
                Some("InvalidArgumentValue"),
            ),
        ]);
    }

    #[test]
    fn standard_deviation() {
        let data: Vec<Value> = [2, 4, 4, 4, 5, 5, 7, 9].iter().map(|x| i(*x)).collect();
        check(&[
            ("stdevp", false, vec![], data.clone(), f(2.0)),
            ("stdev", false, vec![], data, f((32.0f64 / 7.0).sqrt())),
            ("stdev", false, vec![], vec![i(5)], f(0.0)),
            ("stdev", false, vec![], vec![], f(0.0)),
            ("stdevp", false, vec![], vec![f(5.0)], f(0.0)),
            ("stdevp", false, vec![], vec![N], f(0.0)),
        ]);
        check_errors(&[(
            "stdev",
            vec![],
            vec![s("a")],
            ErrorKind::TypeError,
            Some("InvalidArgumentValue"),
        )]);
    }

    #[test]
    fn durations_sum_and_average() {
        let d = |days, seconds| {
            Value::Duration(cartograph_temporal::Duration {
                months: 0,
                days,
                seconds,
                nanos: 0,
            })
        };
        check(&[
            (
                "sum",
                false,
                vec![],
                vec![d(1, 0), N, d(0, 3600), d(2, 0)],
                d(3, 3600),
            ),
            ("avg", false, vec![], vec![d(1, 0), d(3, 0)], d(2, 0)),
        ]);
        check_errors(&[
            (
                "sum",
                vec![],
                vec![d(1, 0), i(1)],
                ErrorKind::TypeError,
                Some("InvalidArgumentValue"),
            ),
            (
                "avg",
                vec![],
                vec![i(1), d(1, 0)],
                ErrorKind::TypeError,
                Some("InvalidArgumentValue"),
            ),
        ]);
    }

    #[test]
    fn unknown_aggregate() {
        assert!(
            matches!(Aggregator::new("size", false, &[]), Err(ref e) if e.detail == Some("UnknownFunction"))
        );
    }
}
