//! One occurrence of a repeated choice or sequence, read from XML: an object of the alternative
//! its first element belongs to, continued by the following children while they belong to the
//! same alternative and come later in it (or repeat the member before, or belong to the same
//! nested choice); the first child that does not is handed back, to begin the next occurrence
//! or whatever follows the group.

use soapfig_plan::{ChoiceRef, ComplexPlan, MaxOccurs};
use soapfig_runtime::choice;
use soapfig_runtime::xml::{Start, XmlError, XmlReader};

use super::{Seen, ToJson};

/// Where a member stands in its occurrence: the alternative (of the occurrence's own choice),
/// its position in it, and whether a member at that position may come again (a repeated
/// element, or a choice nested in the alternative, whose members all share its position).
struct Place {
    alternative: u32,
    position: usize,
    repeats: bool,
}

fn place(occurrence: &ComplexPlan, i: usize) -> Place {
    let es = occurrence.elements();
    let repeated = matches!(es[i].max, MaxOccurs::Many(_));
    let Some(at) = es[i].choice else {
        return Place {
            alternative: 0,
            position: i,
            repeats: repeated,
        };
    };
    // The choice directly in the occurrence's alternative that the member belongs to, when
    // the member is in a nested one.
    let mut inner: Option<ChoiceRef> = None;
    let mut top = at;
    while let Some(parent) = occurrence.choices[top.group as usize].parent {
        inner = Some(top);
        top = parent;
    }
    let root = &occurrence.choices[top.group as usize].alternatives[top.alternative as usize];
    let first = root.members[0] as usize;
    match inner {
        None => Place {
            alternative: top.alternative,
            position: i - first,
            repeats: repeated,
        },
        Some(nested) => {
            let group = &occurrence.choices[nested.group as usize];
            let at = group.alternatives[0].members[0] as usize;
            Place {
                alternative: top.alternative,
                position: at - first,
                repeats: true,
            }
        }
    }
}

impl ToJson<'_> {
    /// One occurrence of a repeated group beginning with `child`, as an object; the child it
    /// stopped at is returned.
    pub(crate) fn occurrence<'x>(
        &mut self,
        r: &mut XmlReader<'x>,
        parent: &Start<'_>,
        mut child: Start<'x>,
        occurrence: &ComplexPlan,
        type_name: &str,
    ) -> Result<Option<Start<'x>>, XmlError> {
        let es = occurrence.elements();
        self.out.push(b'{');
        let mut first = true;
        let mut open: Option<usize> = None;
        let mut last: Option<usize> = None;
        // The alternative each choice of the occurrence took (its own and those nested in
        // its alternatives).
        let mut chosen: Vec<Option<u32>> = vec![None; occurrence.choices.len()];
        // Which members came, on the reader's own stack (no allocation per occurrence).
        let base = self.seen.len();
        self.seen.resize(base + es.len(), Seen::No);
        let pending = loop {
            let (ns, local) = r.name(&child);
            let Some(i) = occurrence.element(ns, local).map(|i| i as usize) else {
                // Not of this group: what follows it, for the enclosing object to take.
                if last.is_some() {
                    break Some(child);
                }
                return Err(r.unexpected(&child, type_name));
            };
            let e = &es[i];
            let here = place(occurrence, i);
            if let Some(l) = last {
                let before = place(occurrence, l);
                let continues = before.alternative == here.alternative
                    && (here.position > before.position
                        || (here.position == before.position && here.repeats));
                if !continues {
                    break Some(child);
                }
            }
            // The member decides its choices' alternatives, from the innermost out.
            let mut at = e.choice;
            while let Some(a) = at {
                let g = a.group as usize;
                match chosen[g] {
                    None => chosen[g] = Some(a.alternative),
                    Some(k) if k != a.alternative => {
                        let alternatives = &occurrence.choices[g].alternatives;
                        let (x, y) = (k.min(a.alternative), k.max(a.alternative));
                        return Err(r.error(choice::several(
                            &alternatives[x as usize].first_key,
                            &alternatives[y as usize].first_key,
                        )));
                    }
                    Some(_) => {}
                }
                at = occurrence.choices[g].parent;
            }
            if open == Some(i) {
                self.out.push(b',');
            } else {
                if open.take().is_some() {
                    self.out.push(b']');
                }
                // Members of the alternative passed over: their empty arrays, where they
                // belong (those of a nested choice only once it is known to be taken).
                let from = last.map_or(0, |l| l + 1);
                for (m, pe) in es.iter().enumerate().take(i).skip(from) {
                    let p = place(occurrence, m);
                    let nested = pe
                        .choice
                        .is_some_and(|a| occurrence.choices[a.group as usize].parent.is_some());
                    if p.alternative == here.alternative
                        && matches!(pe.max, MaxOccurs::Many(_))
                        && (!nested || pe.choice.is_some_and(|a| occurrence.takes(&chosen, a)))
                        && self.seen[base + m] == Seen::No
                    {
                        self.key(&mut first, &pe.key);
                        self.out.extend_from_slice(b"[]");
                        self.seen[base + m] = Seen::Done(0);
                    }
                }
                self.key(&mut first, &e.key);
                if let MaxOccurs::Many(_) = e.max {
                    self.out.push(b'[');
                    open = Some(i);
                }
            }
            self.seen[base + i] = Seen::Done(0);
            self.particle(r, &child, e)?;
            last = Some(i);
            match r.next_child(parent)? {
                Some(c) => child = c,
                None => break None,
            }
        };
        if open.is_some() {
            self.out.push(b']');
        }
        if let Some(l) = last {
            self.rest_of_alternative(r, occurrence, base, l, &mut chosen, &mut first)?;
        }
        self.seen.truncate(base);
        self.out.push(b'}');
        Ok(pending)
    }

    /// The rest of the alternative the occurrence's last member `l` is in: required members
    /// missing are errors, repeated ones after it empty; a nested choice counts only where it
    /// is in force, and one that is required and was given nothing takes the alternative that
    /// stands for none, if it has one.
    fn rest_of_alternative(
        &mut self,
        r: &XmlReader<'_>,
        occurrence: &ComplexPlan,
        base: usize,
        l: usize,
        chosen: &mut [Option<u32>],
        first: &mut bool,
    ) -> Result<(), XmlError> {
        let es = occurrence.elements();
        let alt = place(occurrence, l).alternative;
        for (g, c) in occurrence.choices.iter().enumerate() {
            let Some(parent) = c.parent else { continue };
            if chosen[g].is_some() || c.optional || !occurrence.takes(chosen, parent) {
                continue;
            }
            // Only an alternative of the occurrence's own is known here: nested choices of
            // the alternative not taken are not in force.
            match c.empty {
                Some(e) => chosen[g] = Some(e),
                None => {
                    let keys: Vec<&str> = c.alternatives.iter().map(|a| &*a.first_key).collect();
                    return Err(r.error(choice::missing(&keys)));
                }
            }
        }
        for (m, e) in es.iter().enumerate() {
            if place(occurrence, m).alternative != alt || self.seen[base + m] != Seen::No {
                continue;
            }
            if let Some(at) = e.choice
                && occurrence.choices[at.group as usize].parent.is_some()
                && !occurrence.takes(chosen, at)
            {
                continue;
            }
            if m < l && !matches!(e.max, MaxOccurs::Many(_)) && e.min > 0 {
                return Err(r.error(choice::member_missing(&e.key)));
            }
            if m > l {
                match e.max {
                    MaxOccurs::Many(_) => {
                        self.key(first, &e.key);
                        self.out.extend_from_slice(b"[]");
                    }
                    MaxOccurs::One if e.min > 0 => {
                        return Err(r.error(choice::member_missing(&e.key)));
                    }
                    MaxOccurs::One => {}
                }
            }
        }
        Ok(())
    }
}
