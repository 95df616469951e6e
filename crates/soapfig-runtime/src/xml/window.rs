//! The input of a streamed document: a `BufRead` over any `Read` that keeps only what has not
//! been consumed yet, and what a capture still needs (its bytes from the capture's start), so
//! that memory follows the largest captured element, not the document.

use std::io::{self, BufRead, Read};

/// How much is asked of the source at once.
const CHUNK: usize = 64 * 1024;

pub(crate) struct Window<'a> {
    source: Box<dyn Read + Send + 'a>,
    buf: Vec<u8>,
    /// Where the next unconsumed byte is in `buf`.
    pos: usize,
    /// The document offset of `buf[0]`.
    base: u64,
    /// Offsets that captures still need kept, the outermost first.
    marks: Vec<u64>,
    /// Where the event being read began: its markup stays held until the next one begins.
    event: u64,
}

impl<'a> Window<'a> {
    pub(crate) fn new(source: Box<dyn Read + Send + 'a>) -> Self {
        Window {
            source,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            base: 0,
            marks: Vec::new(),
            event: 0,
        }
    }

    /// Says that an event begins at the document offset `at` (the next unconsumed byte).
    pub(crate) fn event_begins(&mut self, at: u64) {
        self.event = at;
    }

    /// Keeps every byte from the document offset `at` (not consumed yet, or still held) until
    /// [`unmark`](Self::unmark).
    pub(crate) fn mark(&mut self, at: u64) {
        self.marks.push(at.max(self.base));
    }

    pub(crate) fn unmark(&mut self) {
        self.marks.pop();
    }

    /// The bytes between the document offsets `from` and `to`, when they are still held (a
    /// mark at or before `from` keeps them).
    pub(crate) fn held(&self, from: u64, to: u64) -> Option<&[u8]> {
        let from = usize::try_from(from.checked_sub(self.base)?).ok()?;
        let to = usize::try_from(to.checked_sub(self.base)?).ok()?;
        self.buf.get(from..to)
    }
}

impl Read for Window<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Window<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.buf.len() {
            // Drop what is consumed and neither a mark nor the event being read keeps, then
            // read on.
            let floor = self
                .marks
                .first()
                .map_or(self.event, |&m| m.min(self.event));
            let keep_from = (floor.saturating_sub(self.base) as usize).min(self.pos);
            self.buf.drain(..keep_from);
            self.base += keep_from as u64;
            self.pos -= keep_from;
            let old = self.buf.len();
            self.buf.resize(old + CHUNK, 0);
            let n = loop {
                match self.source.read(&mut self.buf[old..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(old);
                        return Err(e);
                    }
                }
            };
            self.buf.truncate(old + n);
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that hands out a few bytes at a time, as a network does.
    struct Trickle(Vec<u8>, usize);

    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = (self.0.len() - self.1).min(out.len()).min(3);
            out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    #[test]
    fn keeps_only_what_a_mark_needs() {
        let mut w = Window::new(Box::new(Trickle(b"abcdefghij".to_vec(), 0)));
        let mut two = [0u8; 2];
        w.read_exact(&mut two).unwrap();
        w.event_begins(2);
        w.mark(2);
        let mut rest = Vec::new();
        w.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"cdefghij");
        assert_eq!(w.held(2, 6), Some(&b"cdef"[..]));
        // Before the mark: gone.
        assert_eq!(w.held(0, 2), None);
        w.unmark();
    }
}
