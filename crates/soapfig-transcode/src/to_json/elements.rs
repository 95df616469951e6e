//! The elements of an object, read in the order they come: each matched to its particle
//! (by name, else by a wildcard that takes its namespace), checked for occurrences and for the
//! choice it decides, repeated ones gathered into their arrays, and those the answer leaves
//! out or puts late spliced in where schema order puts them when the object ends.

use super::*;
use crate::names::{LOOK_AHEAD, same, same_namespace};

impl<'p> ToJson<'p> {
    /// An array wrapper's items as the JSON array it is published as (a mapping's
    /// `unwrap_arrays`): its one element, repeated, and nothing else.
    pub(super) fn unwrapped(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        c: &ComplexPlan,
        type_name: &str,
    ) -> Result<(), XmlError> {
        let ContentPlan::Elements(es) = &c.content else {
            return Err(r.error(format!("{type_name} is not an array wrapper")));
        };
        let [e] = &es[..] else {
            return Err(r.error(format!("{type_name} is not an array wrapper")));
        };
        self.out.push(b'[');
        let mut items = 0u32;
        while let Some(child) = r.next_child(start)? {
            self.flush(r)?;
            let (ns, local) = r.name(&child);
            if *e.local != *local || (*e.ns != *ns && !c.by_local_name) {
                return Err(r.unexpected(&child, type_name));
            }
            if items > 0 {
                self.out.push(b',');
            }
            self.element(r, &child, e.value, e.nillable)?;
            items += 1;
        }
        if items < e.min {
            return Err(r.error(format!(
                "{type_name} holds {items} `{}`, fewer than the {} its schema asks",
                e.local, e.min
            )));
        }
        self.out.push(b']');
        Ok(())
    }

    pub(super) fn elements<'x>(
        &mut self,
        r: &mut XmlReader<'x>,
        start: &Start<'_>,
        c: &ComplexPlan,
        es: &[soapfig_plan::ElementPlan],
        type_name: &str,
        first: &mut bool,
    ) -> Result<(), XmlError> {
        let base = self.seen.len();
        self.seen.resize(base + es.len(), Seen::No);
        // The repeated element whose array is open, and the next element in schema order
        // that has not been passed.
        let mut open: Option<usize> = None;
        let mut next = 0usize;
        // Items of repeated elements that came back after their array was closed.
        let mut late: Vec<(usize, Vec<u8>)> = Vec::new();
        // The alternative each flattened choice took, once one of its elements came; and the
        // repeated elements of a choice passed before it was known (where their `[]` would go).
        let mut choices = Choices {
            chosen: vec![None; c.choices.len()],
            deferred: Vec::new(),
        };
        // A child read past the end of a repeated group's occurrence, to be taken next.
        let mut pending: Option<Start<'x>> = None;
        // An rpc/encoded answer's first accessor is its return value, whatever its name.
        let mut by_position = c.return_by_position;
        loop {
            self.flush(r)?;
            let child = match pending.take() {
                Some(c) => c,
                None => match r.next_child(start)? {
                    Some(c) => c,
                    None => break,
                },
            };
            let (ns, local) = r.name(&child);
            // In schema order, the child is most often the open array's next item or the next
            // element: tried first, before the lookup table.
            let named = |k: usize| {
                es.get(k).is_some_and(|e| {
                    !e.inline
                        && e.wildcard.is_none()
                        && same(&e.local, local)
                        && same_namespace(&e.ns, ns)
                })
            };
            // An answer that leaves optional elements out (AXL's `returnedTags`) skips a few
            // ahead: looked for there too, before the binary search of every name (names are
            // unique in a type, so both find the same particle).
            let ahead = || (next..es.len().min(next + LOOK_AHEAD)).find(|&k| named(k));
            let i = match open.filter(|&o| named(o)) {
                Some(o) => o,
                None => match ahead() {
                    Some(k) => k,
                    None => match c.named(ns, local) {
                        Some(i) => i as usize,
                        None if by_position => 0,
                        None => match self.wildcard_taker(c, base, es, ns, &choices) {
                            Some(i) => i,
                            None => return Err(r.unexpected(&child, type_name)),
                        },
                    },
                },
            };
            by_position = false;
            let e = &es[i];
            // Not published: read past, and the open array (if any) stays open.
            if e.hidden {
                r.skip(&child)?;
                continue;
            }
            // The element decides its choice's alternative, and every enclosing choice's.
            let mut at = e.choice;
            while let Some(a) = at {
                let g = a.group as usize;
                match choices.chosen[g] {
                    None => choices.chosen[g] = Some(a.alternative),
                    Some(k) if k != a.alternative => {
                        let alternatives = &c.choices[g].alternatives;
                        let (x, y) = (k.min(a.alternative), k.max(a.alternative));
                        return Err(r.error(choice::several(
                            &alternatives[x as usize].first_key,
                            &alternatives[y as usize].first_key,
                        )));
                    }
                    Some(_) => {}
                }
                at = c.choices[g].parent;
            }
            let state = self.seen[base + i];
            if open == Some(i) {
                self.out.push(b',');
                pending = self.item(r, start, child, e)?;
                continue;
            }
            if let Some(o) = open.take() {
                self.out.push(b']');
                self.seen[base + o] = Seen::Done(self.at() - 1);
            }
            match (e.max, state) {
                (MaxOccurs::One, Seen::No) => {}
                (MaxOccurs::One, _) => {
                    return Err(r.error(format!(
                        "the element `{}` occurs more than once in {type_name}",
                        e.local
                    )));
                }
                (MaxOccurs::Many(_), Seen::Done(_)) => {
                    let mut item = std::mem::take(&mut self.out);
                    self.hold += 1;
                    let result = self.item(r, start, child, e);
                    self.hold -= 1;
                    std::mem::swap(&mut self.out, &mut item);
                    pending = result?;
                    late.push((i, item));
                    continue;
                }
                (MaxOccurs::Many(_), _) => {}
            }
            // Repeated elements passed over in schema order are empty arrays, where they belong.
            while next < i {
                self.pass(c, base, next, &es[next], first, &mut choices);
                next += 1;
            }
            next = next.max(i + 1);
            self.key(first, &e.key);
            if let MaxOccurs::Many(_) = e.max {
                self.out.push(b'[');
                open = Some(i);
                self.seen[base + i] = Seen::Open;
            } else {
                self.seen[base + i] = Seen::Done(0);
            }
            pending = self.item(r, start, child, e)?;
        }
        if let Some(o) = open {
            self.out.push(b']');
            self.seen[base + o] = Seen::Done(self.at() - 1);
        }
        // Each choice now has its alternative: the one given, else the one that stands for
        // none (a required choice), else none (an optional one).
        for (g, choice) in c.choices.iter().enumerate() {
            // A nested choice is in force only in its parent's alternative (decided first).
            if let Some(parent) = choice.parent
                && !c.takes(&choices.chosen, parent)
            {
                continue;
            }
            if choices.chosen[g].is_none() && !choice.optional {
                if choice.empty.is_none() {
                    let keys: Vec<&str> =
                        choice.alternatives.iter().map(|a| &*a.first_key).collect();
                    return Err(r.error(choice::missing(&keys)));
                }
                choices.chosen[g] = choice.empty;
            }
        }
        let deferred = self.deferred_arrays(c, base, es, &choices);
        for (i, e) in es.iter().enumerate() {
            if self.seen[base + i] == Seen::No && !e.hidden {
                if e.max == MaxOccurs::One && e.min > 0 {
                    return Err(r.error(match e.choice {
                        None => format!(
                            "the required element `{}` is missing from {type_name}",
                            e.local
                        ),
                        Some(at) if !c.takes(&choices.chosen, at) => continue,
                        Some(_) => choice::member_missing(&e.key),
                    }));
                }
                self.pass(c, base, i, e, first, &mut choices);
            }
        }
        // Their commas: before them, or after them where they came first and something
        // followed.
        let end = self.at();
        let inserts = deferred
            .into_iter()
            .map(|(at, mut bytes, was_first)| {
                if !was_first {
                    bytes.insert(0, b',');
                } else if at < end {
                    bytes.push(b',');
                }
                (at, bytes)
            })
            .collect();
        self.splice(base, es, late, inserts)
            .map_err(|m| r.error(format!("{m} in {type_name}")))?;
        self.seen.truncate(base);
        Ok(())
    }

    /// The particle an element of namespace `ns` that no name claims falls to, asked in
    /// schema order: a choice's wildcard while its choice may
    /// still take one (no other alternative given, and room left in it), a repeated group
    /// whose occurrences hold a wildcard allowing `ns`; the type's own wildcard last.
    pub(super) fn wildcard_taker(
        &self,
        c: &ComplexPlan,
        base: usize,
        es: &[soapfig_plan::ElementPlan],
        ns: &str,
        choices: &Choices,
    ) -> Option<usize> {
        let mut own = None;
        for (i, e) in es.iter().enumerate() {
            if e.inline {
                let ValueRef::Type(ix) = e.value else {
                    continue;
                };
                if let TypeKindPlan::Complex(o) = &self.plan.ty(ix).kind
                    && o.wildcard.is_some_and(|w| {
                        o.elements()[w as usize]
                            .wildcard
                            .as_ref()
                            .is_some_and(|n| n.allows(ns))
                    })
                {
                    return Some(i);
                }
                continue;
            }
            let Some(allowed) = &e.wildcard else { continue };
            if !allowed.allows(ns) {
                continue;
            }
            match e.choice {
                None => own = own.or(Some(i)),
                Some(at) => {
                    let open = choices.decided(c, at) != Some(false);
                    let room =
                        matches!(e.max, MaxOccurs::Many(_)) || self.seen[base + i] == Seen::No;
                    if open && room {
                        return Some(i);
                    }
                }
            }
        }
        own
    }

    /// [`passed`](Self::passed) for an element that may belong to a choice: nothing for an
    /// alternative not taken; for one not known yet, its place is remembered.
    pub(super) fn pass(
        &mut self,
        c: &ComplexPlan,
        base: usize,
        i: usize,
        e: &soapfig_plan::ElementPlan,
        first: &mut bool,
        choices: &mut Choices,
    ) {
        let Some(at) = e.choice else {
            self.passed(base, i, e, first);
            return;
        };
        match choices.decided(c, at) {
            Some(true) => self.passed(base, i, e, first),
            Some(false) => {}
            None => {
                if let MaxOccurs::Many(_) = e.max
                    && self.seen[base + i] == Seen::No
                {
                    choices.deferred.push((i, self.at(), *first));
                }
            }
        }
    }

    /// The empty arrays of repeated elements passed before their choice was known, which
    /// belong to the alternative it took: each where it was passed (the output's length
    /// then), without its comma, and whether it came first in the object.
    pub(super) fn deferred_arrays(
        &mut self,
        c: &ComplexPlan,
        base: usize,
        es: &[soapfig_plan::ElementPlan],
        choices: &Choices,
    ) -> Vec<(usize, Vec<u8>, bool)> {
        let mut inserts: Vec<(usize, Vec<u8>, bool)> = Vec::new();
        for &(i, at, was_first) in &choices.deferred {
            let e = &es[i];
            if self.seen[base + i] != Seen::No
                || !e.choice.is_some_and(|at| c.takes(&choices.chosen, at))
            {
                continue;
            }
            self.seen[base + i] = Seen::Done(0);
            let mut entry = Vec::new();
            values::json_string(&mut entry, &e.key);
            entry.extend_from_slice(b":[]");
            match inserts.last_mut() {
                Some((a, bytes, _)) if *a == at => {
                    bytes.push(b',');
                    bytes.extend_from_slice(&entry);
                }
                _ => inserts.push((at, entry, was_first)),
            }
        }
        inserts
    }

    /// One item of the particle `e`, beginning with `child`: an element, or a repeated
    /// group's occurrence (which may read past its end: the child it stopped at is returned).
    pub(super) fn item<'x>(
        &mut self,
        r: &mut XmlReader<'x>,
        parent: &Start<'_>,
        child: Start<'x>,
        e: &soapfig_plan::ElementPlan,
    ) -> Result<Option<Start<'x>>, XmlError> {
        if !e.inline {
            self.particle(r, &child, e)?;
            return Ok(None);
        }
        let plan = self.plan;
        let ValueRef::Type(ix) = e.value else {
            return Err(r.error("a repeated group without its occurrence type"));
        };
        let TypeKindPlan::Complex(occurrence) = &plan.ty(ix).kind else {
            return Err(r.error("a repeated group without its occurrence type"));
        };
        self.occurrence(r, parent, child, occurrence, &plan.ty(ix).name)
    }

    /// The element `child` as the particle `e` takes it: a wildcard's as namespace-complete
    /// XML text.
    pub(crate) fn particle(
        &mut self,
        r: &mut XmlReader<'_>,
        child: &Start<'_>,
        e: &soapfig_plan::ElementPlan,
    ) -> Result<(), XmlError> {
        if e.wildcard.is_some() {
            let xml = r.capture(child)?;
            values::json_string(&mut self.out, &xml);
            return Ok(());
        }
        self.element(r, child, e.value, e.nillable)
            .map_err(|x| x.within(&e.local))
    }

    /// An element the answer did not hold: `[]` when repeated, nothing when optional.
    pub(super) fn passed(
        &mut self,
        base: usize,
        i: usize,
        e: &soapfig_plan::ElementPlan,
        first: &mut bool,
    ) {
        if self.seen[base + i] != Seen::No {
            return;
        }
        if let MaxOccurs::Many(_) = e.max {
            self.key(first, &e.key);
            self.out.extend_from_slice(b"[]");
            self.seen[base + i] = Seen::Done(self.at() - 1);
        }
    }

    /// Puts late items into the arrays they belong to, and `inserts` where they go, from the
    /// last offset to the first so that every recorded offset stays true; one insertion per
    /// array, whatever the number of items. Offsets are in the whole JSON: an insert whose
    /// place was already handed to the sink goes at the object's end (keys are unordered), a
    /// late item whose array was is refused.
    pub(super) fn splice(
        &mut self,
        base: usize,
        es: &[soapfig_plan::ElementPlan],
        late: Vec<(usize, Vec<u8>)>,
        inserts: Vec<(usize, Vec<u8>)>,
    ) -> Result<(), String> {
        if late.is_empty() && inserts.is_empty() {
            return Ok(());
        }
        let sent = self.at() - self.out.len();
        let mut by_array: Vec<(usize, Vec<u8>)> = Vec::new();
        for (i, item) in late {
            let Seen::Done(at) = self.seen[base + i] else {
                continue;
            };
            if at < sent {
                return Err(format!(
                    "an item of `{}` comes after other elements, once its array was sent on (the answer streams)",
                    es[i].local
                ));
            }
            match by_array.iter_mut().find(|(a, _)| *a == at) {
                Some((_, bytes)) => {
                    bytes.push(b',');
                    bytes.extend_from_slice(&item);
                }
                None => by_array.push((at, item)),
            }
        }
        for (at, bytes) in &mut by_array {
            // `[]` takes the items as they are; a non-empty array after a comma.
            if self.byte_at(*at - 1) != Some(b'[') {
                bytes.insert(0, b',');
            }
        }
        for (at, mut bytes) in inserts {
            if at >= sent {
                by_array.push((at, bytes));
                continue;
            }
            // Its place is gone, and what followed it was written: after that, with a comma.
            if bytes.last() == Some(&b',') {
                bytes.pop();
            }
            if bytes.first() != Some(&b',') {
                bytes.insert(0, b',');
            }
            self.out.extend_from_slice(&bytes);
        }
        by_array.sort_by_key(|a| std::cmp::Reverse(a.0));
        for (at, bytes) in by_array {
            self.out.splice(at - sent..at - sent, bytes);
        }
        Ok(())
    }
}

/// The state of an object's flattened choices while its elements are read.
pub(super) struct Choices {
    /// Per choice, the alternative taken once known.
    chosen: Vec<Option<u32>>,
    /// Repeated elements of a choice not known yet when they were passed: the element, the
    /// output's length then, and whether nothing of the object had been written.
    deferred: Vec<(usize, usize, bool)>,
}

impl Choices {
    /// Whether the alternative `at` is in force: `Some(true)` when it and every enclosing
    /// choice's alternative are the ones taken, `Some(false)` when one of them took another,
    /// `None` while one is not known.
    fn decided(&self, c: &ComplexPlan, at: soapfig_plan::ChoiceRef) -> Option<bool> {
        let mut at = Some(at);
        let mut known = true;
        while let Some(a) = at {
            match self.chosen[a.group as usize] {
                Some(k) if k != a.alternative => return Some(false),
                Some(_) => {}
                None => known = false,
            }
            at = c.choices[a.group as usize].parent;
        }
        known.then_some(true)
    }
}
