//! Whether a closed ring is simple, in O(n log n) comparisons: the Shamos–Hoey sweep. Vertices are visited in
//! (x, y) order; the segments the sweep line crosses are kept ordered bottom to top, and a segment is only tested
//! against the ones it becomes a neighbour of (on insertion, and the two it leaves side by side on removal).
//!
//! A proof of simplicity, not a search: it answers [`Eenvoud::Eenvoudig`] only when no pair can meet, and
//! [`Eenvoud::Misschien`] as soon as any test or comparison finds a meeting or a degenerate case (two vertices on
//! one point, a vertex on another segment, collinear segments from one vertex). The first intersection point in
//! the fixed order is then found by [`crate::self_intersection`]. Comparisons use the robust orientation
//! predicate, so the order of the sweep is exact.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo_types::Coord;

use crate::validate::segments_meet;

/// What the sweep could establish about a ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eenvoud {
    /// No two segments meet, other than neighbours in their shared vertex.
    Eenvoudig,
    /// Some segments may meet (or touch): look for where.
    Misschien,
}

fn lex(a: Coord<f64>, b: Coord<f64>) -> std::cmp::Ordering {
    a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y))
}

/// The sweep over a closed ring (`cs` closed, consecutive duplicates removed).
pub fn simple_ring(cs: &[Coord<f64>]) -> Eenvoud {
    use Eenvoud::*;
    let Some(n) = cs.len().checked_sub(1).filter(|&n| n >= 3) else {
        return Eenvoudig;
    };
    // segment i runs cs[i] -> cs[i+1]; its left end is the smaller in (x, y) order
    let ends: Vec<(Coord<f64>, Coord<f64>)> =
        (0..n).map(|i| if lex(cs[i], cs[i + 1]).is_lt() { (cs[i], cs[i + 1]) } else { (cs[i + 1], cs[i]) }).collect();
    let links = |i: usize| ends[i];
    let mut events: Vec<u32> = (0..n as u32).collect();
    events.sort_unstable_by(|&a, &b| lex(cs[a as usize], cs[b as usize]));
    if events.windows(2).any(|w| cs[w[0] as usize] == cs[w[1] as usize]) {
        return Misschien; // two vertices on one point: the ring touches itself
    }
    let adjacent = |i: usize, j: usize| i.abs_diff(j) == 1 || (i.min(j) == 0 && i.max(j) == n - 1);
    let meet = |i: u32, j: u32| segments_meet(cs, i as usize, j as usize).is_some();
    let mut status: Vec<u32> = Vec::new();
    for &k in &events {
        let k = k as usize;
        let p = cs[k];
        let incident = [(k + n - 1) % n, k];
        // segments that end here leave first; their neighbours become neighbours
        for &s in &incident {
            if links(s).1 == p {
                let Some(at) = status.iter().position(|&t| t as usize == s) else {
                    return Misschien;
                };
                status.remove(at);
                if at > 0 && at < status.len() && meet(status[at - 1], status[at]) {
                    return Misschien;
                }
            }
        }
        for &s in &incident {
            let (l, r) = links(s);
            if l != p {
                continue;
            }
            let mut unsure = false;
            // t below s: s starts above t's line (or, both from p, turns left of t)
            let at = status.partition_point(|&t| {
                let (tl, tr) = links(t as usize);
                let o = if tl == p {
                    if !adjacent(s, t as usize) {
                        unsure = true;
                    }
                    RobustKernel::orient2d(p, tr, r)
                } else {
                    RobustKernel::orient2d(tl, tr, p)
                };
                match o {
                    Orientation::CounterClockwise => true,
                    Orientation::Clockwise => false,
                    Orientation::Collinear => {
                        unsure = true;
                        false
                    }
                }
            });
            if unsure {
                return Misschien;
            }
            status.insert(at, s as u32);
            if (at > 0 && meet(s as u32, status[at - 1])) || (at + 1 < status.len() && meet(s as u32, status[at + 1])) {
                return Misschien;
            }
        }
    }
    Eenvoudig
}
