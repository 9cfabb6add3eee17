//! Sparse matrices and a randomised truncated SVD (Halko, Martinsson & Tropp 2011), written by
//! hand so that training needs no LAPACK. Dense blocks are row-major `f32`; small Gram matrices
//! and their eigen-decompositions are `f64`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// A sparse matrix in compressed-row form.
#[derive(Debug, Clone)]
pub(crate) struct Csr {
    pub rows: usize,
    pub cols: usize,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub data: Vec<f32>,
}

impl Csr {
    /// The transpose, also in compressed-row form (a counting sort by column).
    pub fn transpose(&self) -> Csr {
        let mut counts = vec![0usize; self.cols + 1];
        for &j in &self.indices {
            counts[j as usize + 1] += 1;
        }
        for j in 0..self.cols {
            counts[j + 1] += counts[j];
        }
        let indptr = counts.clone();
        let mut next = counts;
        let mut indices = vec![0u32; self.indices.len()];
        let mut data = vec![0f32; self.data.len()];
        for i in 0..self.rows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                let j = self.indices[p] as usize;
                let q = next[j];
                indices[q] = i as u32;
                data[q] = self.data[p];
                next[j] += 1;
            }
        }
        Csr {
            rows: self.cols,
            cols: self.rows,
            indptr,
            indices,
            data,
        }
    }

    /// `self · x` where `x` is `cols × l` row-major; the result is `rows × l` row-major.
    pub fn mul_dense(&self, x: &[f32], l: usize) -> Vec<f32> {
        debug_assert_eq!(x.len(), self.cols * l);
        let mut y = vec![0f32; self.rows * l];
        y.par_chunks_mut(l).enumerate().for_each(|(i, yi)| {
            for p in self.indptr[i]..self.indptr[i + 1] {
                let a = self.data[p];
                let xr = &x[self.indices[p] as usize * l..][..l];
                for (o, &v) in yi.iter_mut().zip(xr) {
                    *o += a * v;
                }
            }
        });
        y
    }
}

/// `yᵀy` for a row-major `n × l` block, accumulated in `f64`.
fn gram(y: &[f32], l: usize) -> Vec<f64> {
    const CHUNK: usize = 1024;
    let g = y
        .par_chunks(CHUNK * l)
        .map(|block| {
            let mut g = vec![0f64; l * l];
            let mut row64 = vec![0f64; l];
            for r in block.chunks_exact(l) {
                for (d, &s) in row64.iter_mut().zip(r) {
                    *d = s as f64;
                }
                for a in 0..l {
                    let ya = row64[a];
                    if ya == 0.0 {
                        continue;
                    }
                    let ga = &mut g[a * l..a * l + l];
                    for b in a..l {
                        ga[b] += ya * row64[b];
                    }
                }
            }
            g
        })
        .reduce(
            || vec![0f64; l * l],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            },
        );
    // Only the upper triangle was accumulated; mirror it.
    let mut g = g;
    for a in 0..l {
        for b in 0..a {
            g[a * l + b] = g[b * l + a];
        }
    }
    g
}

/// `y · m` for row-major `n × l` times `l × l2`.
fn mul_small(y: &[f32], l: usize, m: &[f32], l2: usize) -> Vec<f32> {
    let n = y.len() / l;
    let mut out = vec![0f32; n * l2];
    out.par_chunks_mut(l2)
        .zip(y.par_chunks(l))
        .for_each(|(o, r)| {
            for (a, &ya) in r.iter().enumerate() {
                if ya == 0.0 {
                    continue;
                }
                for (x, &mv) in o.iter_mut().zip(&m[a * l2..a * l2 + l2]) {
                    *x += ya * mv;
                }
            }
        });
    out
}

/// Eigen-decomposition of a symmetric `n × n` matrix by cyclic Jacobi rotations. Returns the
/// eigenvalues in decreasing order and the matching eigenvectors as the columns of a row-major
/// `n × n` matrix. Jacobi is slow for big matrices but exact and simple, and ours are ≤ ~300.
pub(crate) fn sym_eig(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..60 {
        let off: f64 = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-24 * diag.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let app = a[p * n + p];
                let aqq = a[q * n + q];
                let theta = (aqq - app) / (2.0 * apq);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // Rotate rows/columns p and q of a (kept symmetric).
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[j * n + j].total_cmp(&a[i * n + i]));
    let vals: Vec<f64> = order.iter().map(|&i| a[i * n + i]).collect();
    let mut vecs = vec![0f64; n * n];
    for (newc, &oldc) in order.iter().enumerate() {
        for r in 0..n {
            vecs[r * n + newc] = v[r * n + oldc];
        }
    }
    (vals, vecs)
}

/// Orthonormal basis of the column space of row-major `n × l` `y`, via the eigen-decomposition
/// of its Gram matrix (`Q = Y V Λ^-½`), repeated `passes` times because one pass loses
/// orthogonality in proportion to the block's condition number. Directions whose eigenvalue is
/// negligible are dropped, so the returned width may be less than `l`.
fn orthonormalise(mut y: Vec<f32>, mut l: usize, passes: usize) -> (Vec<f32>, usize) {
    for _ in 0..passes {
        let g = gram(&y, l);
        let (vals, vecs) = sym_eig(g, l);
        let top = vals.first().copied().unwrap_or(0.0);
        let keep = vals
            .iter()
            .take_while(|&&x| x > top * 1e-12 && x > 0.0)
            .count();
        let mut m = vec![0f32; l * keep];
        for r in 0..l {
            for c in 0..keep {
                m[r * keep + c] = (vecs[r * l + c] / vals[c].sqrt()) as f32;
            }
        }
        y = mul_small(&y, l, &m, keep);
        l = keep;
    }
    (y, l)
}

/// A standard normal draw (Box–Muller), so the sketch needs no extra distribution crate.
fn normal(rng: &mut ChaCha8Rng) -> f32 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen::<f64>();
    ((-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()) as f32
}

/// The top-`k` left singular vectors (row-major `rows × k'`, `k' ≤ k`) and singular values of
/// `a`, using `oversample` extra sketch columns and `power_iters` subspace iterations.
pub(crate) fn randomized_svd(
    a: &Csr,
    k: usize,
    oversample: usize,
    power_iters: usize,
    seed: u64,
) -> (Vec<f32>, Vec<f32>, usize) {
    let at = a.transpose();
    let l = (k + oversample).min(a.rows).min(a.cols).max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let omega: Vec<f32> = (0..a.cols * l).map(|_| normal(&mut rng)).collect();
    let (mut q, mut lq) = orthonormalise(a.mul_dense(&omega, l), l, 1);
    for _ in 0..power_iters {
        let (z, lz) = orthonormalise(at.mul_dense(&q, lq), lq, 1);
        let (q2, l2) = orthonormalise(a.mul_dense(&z, lz), lz, 1);
        q = q2;
        lq = l2;
    }
    // A second pass makes the final basis orthonormal to f32 precision.
    let (q, lq) = orthonormalise(q, lq, 1);
    // Bᵀ = Aᵀ Q (cols × lq); B Bᵀ = (Bᵀ)ᵀ Bᵀ, whose eigenvectors are B's left singular vectors.
    let bt = at.mul_dense(&q, lq);
    let (vals, vecs) = sym_eig(gram(&bt, lq), lq);
    let kk = k.min(lq);
    let mut m = vec![0f32; lq * kk];
    for r in 0..lq {
        for c in 0..kk {
            m[r * kk + c] = vecs[r * lq + c] as f32;
        }
    }
    let u = mul_small(&q, lq, &m, kk);
    let s: Vec<f32> = vals[..kk]
        .iter()
        .map(|&x| x.max(0.0).sqrt() as f32)
        .collect();
    (u, s, kk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr_from_dense(d: &[Vec<f32>]) -> Csr {
        let rows = d.len();
        let cols = d[0].len();
        let mut indptr = vec![0];
        let mut indices = vec![];
        let mut data = vec![];
        for r in d {
            for (j, &x) in r.iter().enumerate() {
                if x != 0.0 {
                    indices.push(j as u32);
                    data.push(x);
                }
            }
            indptr.push(indices.len());
        }
        Csr {
            rows,
            cols,
            indptr,
            indices,
            data,
        }
    }

    #[test]
    fn jacobi_recovers_known_eigenvalues() {
        // [[2,1],[1,2]] has eigenvalues 3 and 1.
        let (vals, vecs) = sym_eig(vec![2.0, 1.0, 1.0, 2.0], 2);
        assert!((vals[0] - 3.0).abs() < 1e-9 && (vals[1] - 1.0).abs() < 1e-9);
        let (x, y) = (vecs[0], vecs[2]);
        assert!((x.abs() - y.abs()).abs() < 1e-9 && x * y > 0.0);
    }

    #[test]
    fn transpose_round_trips() {
        let a = csr_from_dense(&[vec![0.0, 1.0, 2.0], vec![3.0, 0.0, 0.0]]);
        let t = a.transpose();
        assert_eq!((t.rows, t.cols), (3, 2));
        let tt = t.transpose();
        assert_eq!(tt.indptr, a.indptr);
        assert_eq!(tt.indices, a.indices);
        assert_eq!(tt.data, a.data);
    }

    #[test]
    fn randomized_svd_finds_a_planted_low_rank_structure() {
        // A rank-3 60×50 matrix with singular values 10, 5, 2.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (n, m) = (60, 50);
        let mut d = vec![vec![0f32; m]; n];
        // Disjoint supports make the planted singular vectors exactly orthogonal.
        for (c, sv) in [10.0f32, 5.0, 2.0].into_iter().enumerate() {
            let mut u = vec![0f32; n];
            let mut v = vec![0f32; m];
            for i in (c..n).step_by(3) {
                u[i] = normal(&mut rng);
            }
            for j in (c..m).step_by(3) {
                v[j] = normal(&mut rng);
            }
            crate::vector::normalize(&mut u);
            crate::vector::normalize(&mut v);
            for i in 0..n {
                for j in 0..m {
                    d[i][j] += sv * u[i] * v[j];
                }
            }
        }
        let a = csr_from_dense(&d);
        let (u, s, k) = randomized_svd(&a, 3, 5, 2, 1);
        assert_eq!(k, 3);
        assert!((s[0] - 10.0).abs() < 0.05, "{s:?}");
        assert!((s[1] - 5.0).abs() < 0.05, "{s:?}");
        assert!((s[2] - 2.0).abs() < 0.05, "{s:?}");
        // Columns of u are orthonormal.
        for a_ in 0..3 {
            for b in 0..3 {
                let dp: f32 = (0..n).map(|i| u[i * 3 + a_] * u[i * 3 + b]).sum();
                let want = if a_ == b { 1.0 } else { 0.0 };
                assert!((dp - want).abs() < 1e-3, "{a_} {b} {dp}");
            }
        }
    }
}
