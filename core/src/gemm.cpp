// The fast path, with two kernels; choose_gemm_kernel picks one per shape.
//
// Gemm: per group, cols = weightᵀ · input (an Eigen GEMM per work unit), then
// col2im gathers cols into the output. A unit is (group, batch block,
// output-channel chunk); the chunk keeps its cols within L2 between the GEMM
// writing them and col2im reading them (a whole 4096 × 512 cols block is
// 8 MB: it went to memory and back); big images go by blocks of input rows.
// col2im writes each output row once, bias plus every tap landing on it:
// along a row of stride s the taps fall into s phases (output columns
// j·s + r), each phase sums contiguous, shifted cols rows, and the phases are
// interleaved into the row at the end. Taps that padding crops away are
// neither computed nor read.
//
// Direct: for narrow groups (few input channels each) the GEMM has too
// little depth to pay for writing and re-reading cols, so each output phase
// is summed straight from a zero-bordered copy of the input, in registers
// (run_direct).
//
// The hot loops (the GEMM, the direct kernel's multiply-adds) come from the
// kernel table of the instruction set chosen at run time (kernels/kernels.h);
// everything here is compiled for the baseline target.
//
// Units write disjoint output planes, so threads share nothing but a counter.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "detail.h"
#include "kernels/kernels.h"
#include "tconv/conv.h"

namespace tconv {

namespace {

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// Below this many multiply-adds per thread, starting a thread costs more
// than it saves.
constexpr int64_t kMacsPerThread = int64_t{1} << 20;
// GEMMs narrower than this many columns run below Eigen's best speed, so
// small images are stacked across batches.
constexpr int64_t kMinGemmCols = 512;
// Budget for one unit's cols (bytes): about half of one core's L2, so the
// GEMM's own packed blocks fit beside it.
constexpr int64_t kColsBytes = int64_t{512} << 10;
// GEMM columns per block of input rows, for images too big for one block.
constexpr int64_t kBlockCols = 2048;
// Cost rule: the GEMM does C_in/groups multiply-adds per cols element it
// writes and col2im reads back; below this depth that traffic costs more
// than the GEMM saves over the direct kernel's vector multiply-adds.
constexpr int64_t kMinGemmDepth = 32;

// Output phases (index j·s + r) that hold an output: at most `out`, as a
// stride past the output leaves one column per phase (j = 0) and the rest
// empty. Buffers sized by the stride itself took gigabytes for a 1-column
// output at stride 2147483 (a fuzz finding). Laid out with this as their
// step, the phases still interleave to column j·s + r: j is 0 once s > out.
int64_t phase_count(const Axis& a) {
  return std::clamp<int64_t>(a.out, 1, a.stride);
}

// A kernel tap along the row axis: tap k lands on output column j·s + r for
// input column j - q, for j in [j0, j1) (the columns inside the output).
struct ColTap {
  int64_t k, q, j0, j1;
};

// Where every tap of both axes lands, computed once per call.
struct Plan {
  // Output row oh receives kernel row kh from input row ih for the entries
  // rows[row_start[oh] .. row_start[oh + 1]).
  struct RowHit {
    int64_t kh, ih;
  };
  std::vector<RowHit> rows;
  std::vector<int64_t> row_start;
  // Per phase r in [0, phase_count(w)): its taps, and its column count J_r.
  std::vector<std::vector<ColTap>> phases;
  std::vector<int64_t> phase_cols;
  int64_t max_phase_cols = 0;
  // Taps that land somewhere on the output (the rest are cropped away).
  std::vector<bool> live_kh, live_kw;

  explicit Plan(const Geometry& geo) {
    const Axis &ah = geo.h, &aw = geo.w;
    row_start.assign(static_cast<size_t>(ah.out + 1), 0);
    live_kh.assign(static_cast<size_t>(ah.kernel), false);
    live_kw.assign(static_cast<size_t>(aw.kernel), false);
    for (int64_t oh = 0; oh < ah.out; ++oh) {
      for (int64_t kh = 0; kh < ah.kernel; ++kh) {
        const int64_t d = oh + ah.padding - kh * ah.dilation;
        if (d >= 0 && d % ah.stride == 0 && d / ah.stride < ah.in) {
          rows.push_back({kh, d / ah.stride});
          live_kh[static_cast<size_t>(kh)] = true;
        }
      }
      row_start[static_cast<size_t>(oh + 1)] = static_cast<int64_t>(rows.size());
    }
    const int64_t s = aw.stride, np = phase_count(aw);
    phases.resize(static_cast<size_t>(np));
    phase_cols.resize(static_cast<size_t>(np));
    for (int64_t r = 0; r < np; ++r) {
      phase_cols[r] = r < aw.out ? ceil_div(aw.out - r, s) : 0;
      max_phase_cols = std::max(max_phase_cols, phase_cols[r]);
    }
    for (int64_t kw = 0; kw < aw.kernel; ++kw) {
      const int64_t off = kw * aw.dilation - aw.padding;
      const int64_t q = detail::floor_div(off, s), r = off - q * s;
      if (r >= np) continue;  // a phase past the output
      const int64_t j0 = std::max<int64_t>(0, q), j1 = std::min(phase_cols[r], aw.in + q);
      if (j0 >= j1) continue;
      phases[r].push_back({kw, q, j0, j1});
      live_kw[static_cast<size_t>(kw)] = true;
    }
  }
};

// Writes one output row, bias plus its s phases interleaved: column j·s + r
// takes phases[r·ld + j], for j < lens[r]. Add: adds to the row instead
// (bias ignored), for the GEMM kernel's row blocks.
template <bool Add = false>
void interleave(const float* __restrict phases, int64_t ld, const int64_t* lens, int64_t s,
                float bias, float* __restrict orow) {
  auto put = [&](float& o, float v) {
    if constexpr (Add)
      o += v;
    else
      o = bias + v;
  };
  if (s == 1) {
    for (int64_t j = 0; j < lens[0]; ++j) put(orow[j], phases[j]);
  } else if (s == 2) {
    // The common upsampling stride, as one loop the compiler vectorizes.
    const float* __restrict t0 = phases;
    const float* __restrict t1 = phases + ld;
    const int64_t pairs = lens[1];
    for (int64_t j = 0; j < pairs; ++j) {
      put(orow[2 * j], t0[j]);
      put(orow[2 * j + 1], t1[j]);
    }
    if (lens[0] > pairs) put(orow[2 * pairs], t0[pairs]);
  } else {
    for (int64_t r = 0; r < s; ++r)
      for (int64_t j = 0; j < lens[r]; ++j) put(orow[j * s + r], phases[r * ld + j]);
  }
}

// Writes one output plane of the GEMM kernel: add(kh, ih, tap, dst) adds
// what tap (kh, tap.k) carries from input row ih to the columns [j0, j1) of
// its phase, dst indexed by j. `tmp` holds the plan's phases, max_phase_cols each.
// Whole plane (ih1 = H): each row is written once, bias included. A block of
// input rows [ih0, ih1): only their contributions, added to the rows they
// reach (the plane already holds the bias and the blocks before).
template <class Add>
void gather_plane(const Plan& plan, const Geometry& geo, float bias, float* out, float* tmp,
                  int64_t ih0, int64_t ih1, const Add& add) {
  const int64_t Ho = geo.h.out, Wo = geo.w.out, s = static_cast<int64_t>(plan.phases.size());
  const int64_t ld = plan.max_phase_cols;
  const bool whole = ih0 == 0 && ih1 == geo.h.in;
  // Output rows the block can reach (all of them for the whole plane).
  const int64_t oh0 = whole ? 0 : std::max<int64_t>(0, ih0 * geo.h.stride - geo.h.padding);
  const int64_t oh1 =
      whole ? Ho
            : std::min(Ho, (ih1 - 1) * geo.h.stride + (geo.h.kernel - 1) * geo.h.dilation -
                               geo.h.padding + 1);
  for (int64_t oh = oh0; oh < oh1; ++oh) {
    float* orow = out + oh * Wo;
    int64_t h0 = plan.row_start[oh], h1 = plan.row_start[oh + 1];
    if (!whole) {
      // Entries are in kh order, so ih descends: keep those inside the block.
      while (h0 < h1 && plan.rows[h0].ih >= ih1) ++h0;
      while (h1 > h0 && plan.rows[h1 - 1].ih < ih0) --h1;
      if (h0 == h1) continue;
    } else if (h0 == h1) {  // no tap reaches this row (cropped, or output_padding)
      std::fill_n(orow, Wo, bias);
      continue;
    }
    if (s == 1) {
      // One phase: the row itself is the accumulator.
      if (whole) std::fill_n(orow, Wo, bias);
      for (int64_t e = h0; e < h1; ++e)
        for (const ColTap& t : plan.phases[0]) add(plan.rows[e].kh, plan.rows[e].ih, t, orow);
      continue;
    }
    std::fill_n(tmp, s * ld, 0.f);
    for (int64_t e = h0; e < h1; ++e)
      for (int64_t r = 0; r < s; ++r)
        for (const ColTap& t : plan.phases[r])
          add(plan.rows[e].kh, plan.rows[e].ih, t, tmp + r * ld);
    if (whole)
      interleave(tmp, ld, plan.phase_cols.data(), s, bias, orow);
    else
      interleave<true>(tmp, ld, plan.phase_cols.data(), s, bias, orow);
  }
}

// What the threads of one run_units call share. Helpers co-own it, so one
// that starts after the call has returned still has it.
struct UnitCounter {
  std::atomic<int64_t> next{0};  // the next unit to hand out
  std::atomic<int64_t> done{0};  // units finished (or skipped after an error)
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards error; all_done's mutex
  std::condition_variable all_done;
  std::exception_ptr error;
};

// Runs work(thread_scratch_index, unit) for units [0, units) on up to T
// threads: the caller and T - 1 helpers, each taking the next unit until none
// is left. The caller waits for the units, not for the helpers: on a busy
// machine a new thread can wait milliseconds for a core, by when the caller
// may have done every unit (joining it made (d) 3× slower with 2 threads than
// with 1). A helper touches `work` only for a unit it took, and the caller
// returns only after every unit is done, so a late helper finds none and
// touches nothing but the counter it co-owns.
template <class Work>
void run_units(int64_t T, int64_t units, const Work& work) {
  auto counter = std::make_shared<UnitCounter>();
  auto worker = [units, &work](UnitCounter& c, int64_t id) {
    for (int64_t u; (u = c.next.fetch_add(1)) < units;) {
      if (!c.failed.load()) {
        try {
          work(id, u);
        } catch (...) {  // bad_alloc: skip the units left, report the first
          std::lock_guard<std::mutex> lock(c.mutex);
          if (!c.error) c.error = std::current_exception();
          c.failed.store(true);
        }
      }
      if (c.done.fetch_add(1) + 1 == units) {
        std::lock_guard<std::mutex> lock(c.mutex);
        c.all_done.notify_all();
      }
    }
  };
  for (int64_t i = 1; i < T; ++i) {
    try {
      std::thread([counter, worker, i] { worker(*counter, i); }).detach();
    } catch (const std::system_error&) {  // no more threads: fewer helpers
      break;
    }
  }
  worker(*counter, 0);
  std::unique_lock<std::mutex> lock(counter->mutex);
  counter->all_done.wait(lock, [&] { return counter->done.load() == units; });
  if (counter->error) std::rethrow_exception(counter->error);
}

// Scratch floats that are written before they are read: unlike a
// std::vector's resize, growing it does not zero them first.
class Buffer {
 public:
  float* get(int64_t n) {
    if (n > size_) {
      data_.reset(new float[static_cast<size_t>(n)]);
      size_ = n;
    }
    return data_.get();
  }

 private:
  std::unique_ptr<float[]> data_;
  int64_t size_ = 0;
};

int64_t thread_count(int threads, int64_t macs) {
  const int64_t T = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<int64_t>(macs / kMacsPerThread, 1, T);
}

// The direct kernel's view of one axis: stride s splits the output into s
// phases (index j·s + r); tap k lands in phase r with input index j - q.
struct DirectAxis {
  struct Tap {
    int64_t k, q;
  };
  std::vector<std::vector<Tap>> phase_taps;  // live taps of each phase
  std::vector<int64_t> phase_len;            // J_r: outputs of each phase
  int64_t max_len = 0;
  int64_t lead = 0;  // zeros before the input, so index j - q never goes below 0
  int64_t span = 0;  // padded length: lead + everything any phase reads

  explicit DirectAxis(const Axis& a) {
    const int64_t np = phase_count(a);
    phase_taps.resize(static_cast<size_t>(np));
    phase_len.resize(static_cast<size_t>(np));
    for (int64_t r = 0; r < np; ++r) {
      phase_len[r] = r < a.out ? ceil_div(a.out - r, a.stride) : 0;
      max_len = std::max(max_len, phase_len[r]);
    }
    int64_t end = a.in;
    for (int64_t k = 0; k < a.kernel; ++k) {
      const int64_t off = k * a.dilation - a.padding;
      const int64_t q = detail::floor_div(off, a.stride), r = off - q * a.stride;
      // Cropped away entirely: no output of its phase reads an input.
      if (r >= np || std::max<int64_t>(0, q) >= std::min(phase_len[r], a.in + q)) continue;
      phase_taps[r].push_back({k, q});
      lead = std::max(lead, q);
      end = std::max(end, phase_len[r] - q);
    }
    span = lead + end;
  }
};

constexpr int64_t kTileFloats = int64_t{48} << 10;  // direct kernel's input tile: 192 KB

// Direct kernel: per (batch, group), the group's inputs are copied once into
// zero-bordered planes of row length LW. Then, per output phase (r_h, r_w),
// every tap is one shift of the whole padded plane (its row stride is LW on
// both sides), so out_phase = Σ_{c_in, tap} w · shifted input is a sum of
// long contiguous runs: accumulated in registers (the table's direct kernel)
// kVec floats at a time, one store each. Columns past a phase's J_w (and
// reads that wrap into the next row) are computed into a margin and never
// written out.
void run_direct(const kernels::Table& kt, const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                const Geometry& geo, int64_t T, Tensor4& y) {
  const int64_t kVec = kt.direct_step, kChannels = kt.direct_channels;
  const int64_t N = geo.batch, Cin = geo.in_channels, Cout = geo.out_channels;
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group(), G = geo.groups;
  const int64_t H = geo.h.in, W = geo.w.in, kH = geo.h.kernel, kW = geo.w.kernel;
  const DirectAxis dh(geo.h), dw(geo.w);
  // The phases' layout step (phase_count): the stride, or the output size
  // when the stride is past it.
  const int64_t Ho = geo.h.out, Wo = geo.w.out;
  const auto sh = static_cast<int64_t>(dh.phase_len.size());
  const auto sw = static_cast<int64_t>(dw.phase_len.size());
  const int64_t LW = dw.span;

  // Phases that some tap reaches, with each tap's offset into the padded
  // plane (relative to the phase's element (0, 0)) and its weight index.
  struct PhaseTap {
    int64_t off, k;
  };
  struct Phase {
    int64_t rh, rw, len;  // len: J_h · LW floats, rounded up to kVec
    std::vector<PhaseTap> taps;
    std::vector<int64_t> offs;  // taps[t].off, packed for the inner loop
  };
  std::vector<Phase> phases;
  int64_t reach = 0;  // floats read past a padded plane's start
  for (int64_t rh = 0; rh < sh; ++rh) {
    for (int64_t rw = 0; rw < sw; ++rw) {
      if (dh.phase_taps[rh].empty() || dw.phase_taps[rw].empty()) continue;
      Phase ph{rh, rw, ceil_div(dh.phase_len[rh] * LW, kVec) * kVec, {}, {}};
      for (const auto& th : dh.phase_taps[rh])
        for (const auto& tw : dw.phase_taps[rw]) {
          const int64_t off = (dh.lead - th.q) * LW + (dw.lead - tw.q);
          ph.taps.push_back({off, th.k * kW + tw.k});
          ph.offs.push_back(off);
          reach = std::max(reach, off + ph.len);
        }
      phases.push_back(std::move(ph));
    }
  }
  // Padded plane: every read of every phase lands inside it.
  const int64_t xplane = std::max(dh.span * LW, reach);
  const int64_t acc_len = ceil_div(dh.max_len * LW, kVec) * kVec;
  // Tile length (floats of a phase plane): the group's input rows one tile
  // reads, about kTileFloats in all, stay in L2 while every phase and tap
  // passes over them (big planes otherwise streamed the input once per phase).
  const int64_t tile = std::max<int64_t>(kVec, kTileFloats / cin_g / kVec * kVec);

  // Units: (batch, group, chunk of the group's output channels).
  // acc stride: channel c of phase (r_h, r_w) at ((r_h·kChannels + c)·s_w + r_w)·acc_len.
  const int64_t pairs = N * G;
  const int64_t chunks = std::min(cout_g, ceil_div(T, pairs));
  const int64_t units = pairs * chunks;
  T = std::min(T, units);
  struct Scratch {
    std::vector<float> xpad, wt;
    // Every phase's sums for kChannels channels, [r_h][channel][r_w][J_h·LW]
    // (channel c's rows of one r_h are acc_len apart: one interleave call).
    // Zero at first: phases no tap reaches are never written.
    std::vector<float> acc;
    int64_t padded_for = -1;
  };
  std::vector<Scratch> scratch(static_cast<size_t>(T));
  for (Scratch& sc : scratch)
    sc.acc.assign(static_cast<size_t>(sh * kChannels * sw * acc_len), 0.f);
  const float* xp = x.data();
  const float* wp = w.data();
  float* yp = y.data();

  run_units(T, units, [&](int64_t id, int64_t u) {
    Scratch& sc = scratch[static_cast<size_t>(id)];
    const int64_t pair = u / chunks, ch = u % chunks, n = pair / G, g = pair % G;
    if (sc.padded_for != pair) {
      sc.xpad.assign(static_cast<size_t>(cin_g * xplane), 0.f);
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        const float* src = xp + ((n * Cin + g * cin_g + ci) * H) * W;
        float* dst = sc.xpad.data() + ci * xplane + dh.lead * LW + dw.lead;
        for (int64_t ih = 0; ih < H; ++ih) std::copy_n(src + ih * W, W, dst + ih * LW);
      }
      sc.padded_for = pair;
    }
    const int64_t c0 = ch * cout_g / chunks, c1 = (ch + 1) * cout_g / chunks;
    for (int64_t cl = c0; cl < c1; cl += kChannels) {
      const int64_t cb = std::min(kChannels, c1 - cl);
      // Each phase's weights in loop order: [c_in][tap][channel].
      sc.wt.clear();
      for (const Phase& ph : phases)
        for (int64_t ci = 0; ci < cin_g; ++ci)
          for (const PhaseTap& t : ph.taps)
            for (int64_t c = 0; c < cb; ++c)
              sc.wt.insert(sc.wt.end(), static_cast<size_t>(kt.direct_weight_copies),
                           wp[((g * cin_g + ci) * cout_g + cl + c) * kH * kW + t.k]);
      // Tiles of the phase planes, every phase per tile: the input rows a
      // tile reads stay in cache for all its phases and taps.
      for (int64_t i0 = 0; i0 < acc_len; i0 += tile) {
        const float* wt = sc.wt.data();
        for (const Phase& ph : phases) {
          const int64_t nt = static_cast<int64_t>(ph.taps.size());
          const int64_t i1 = std::min(i0 + tile, ph.len);
          float* acc = sc.acc.data() + (ph.rh * kChannels * sw + ph.rw) * acc_len;
          kt.direct({i0, i1, cin_g, nt, ph.offs.data(), sc.xpad.data(), xplane, wt, acc,
                     sw * acc_len, cb});
          wt += cin_g * nt * cb * kt.direct_weight_copies;
        }
      }
      // Interleave the phases into the planes (each row written once);
      // phases no tap reaches hold zeros, so their cells get the bias alone.
      for (int64_t c = 0; c < cb; ++c) {
        const int64_t co = g * cout_g + cl + c;
        const float b = bias ? (*bias)(co) : 0.f;
        float* out = yp + (n * Cout + co) * Ho * Wo;
        for (int64_t oh = 0; oh < Ho; ++oh) {
          const int64_t rh = oh % sh, jh = oh / sh;
          interleave(sc.acc.data() + (rh * kChannels + c) * sw * acc_len + jh * LW, acc_len,
                     dw.phase_len.data(), sw, b, out + oh * Wo);
        }
      }
    }
  });
}

// Only taps that land on the output become GEMM rows: with padding ≥ the
// kernel's reach some never do, and computing them would be thrown away.
// Returns kh·kW + kw of each live tap, in order; slot maps a tap to its
// index among them (−1 when dead).
std::vector<int64_t> live_taps(const Plan& plan, int64_t kH, int64_t kW,
                               std::vector<int64_t>& slot) {
  std::vector<int64_t> live;
  slot.assign(static_cast<size_t>(kH * kW), -1);
  for (int64_t kh = 0; kh < kH; ++kh)
    for (int64_t kw = 0; kw < kW; ++kw)
      if (plan.live_kh[kh] && plan.live_kw[kw]) {
        slot[kh * kW + kw] = static_cast<int64_t>(live.size());
        live.push_back(kh * kW + kw);
      }
  return live;
}

// The weight as GEMM rows (c_out_local, live tap) per group, K = C_in/g
// columns: row-major, (G · C_out/g · live taps) × K.
std::vector<float> live_weight(const Tensor4& w, const Geometry& geo,
                               const std::vector<int64_t>& live) {
  const int64_t G = geo.groups, K = geo.in_per_group(), cout_g = geo.out_per_group();
  const int64_t kk = geo.h.kernel * geo.w.kernel, lk = static_cast<int64_t>(live.size());
  std::vector<float> wlive(static_cast<size_t>(G * cout_g * lk * K));
  for (int64_t g = 0; g < G; ++g)
    for (int64_t ci = 0; ci < K; ++ci)
      for (int64_t cl = 0; cl < cout_g; ++cl)
        for (int64_t t = 0; t < lk; ++t)
          wlive[((g * cout_g + cl) * lk + t) * K + ci] =
              w.data()[((g * K + ci) * cout_g + cl) * kk + live[t]];
  return wlive;
}

void run_gemm(const kernels::Table& kt, const Tensor4& x, const Tensor4& w, const Tensor1* bias,
              const Geometry& geo, const Plan& plan, int64_t T, Tensor4& y) {
  const int64_t N = geo.batch, Cin = geo.in_channels, Cout = geo.out_channels, G = geo.groups;
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group();
  const int64_t H = geo.h.in, W = geo.w.in, kH = geo.h.kernel, kW = geo.w.kernel;
  const int64_t kk = kH * kW, K = cin_g, P = H * W, plane = geo.h.out * geo.w.out;

  std::vector<int64_t> slot;
  const std::vector<int64_t> live = live_taps(plan, kH, kW, slot);
  const int64_t lk = static_cast<int64_t>(live.size());
  if (lk == 0) {  // every tap cropped: the output is the bias
    float* yp = y.data();
    for (int64_t p = 0; p < N * Cout; ++p)
      std::fill_n(yp + p * plane, plane, bias ? (*bias)(p % Cout) : 0.f);
    return;
  }
  // A transposed copy when taps were dropped, else the GEMM reads the weight.
  const std::vector<float> wlive = lk < kk ? live_weight(w, geo, live) : std::vector<float>{};

  // Batch blocks: enough GEMM columns for Eigen's best speed, and enough
  // (group, block) pairs for the threads when batches allow.
  int64_t nb = std::min(N, ceil_div(kMinGemmCols, P));
  nb = std::max<int64_t>(1, std::min(nb, N * G / T));
  const int64_t blocks = ceil_div(N, nb);
  // Big images: GEMMs over blocks of input rows (about kBlockCols columns),
  // else one output channel's cols alone outgrows L2 and the GEMM gets too
  // few rows to run well (a 256×256 input ran at a quarter of the speed).
  const int64_t rb = nb == 1 && P > 2 * kBlockCols ? std::max<int64_t>(1, kBlockCols / W) : H;
  const int64_t hblocks = ceil_div(H, rb);
  // Channel chunks: as many output channels as keep cols within budget,
  // and enough units for every thread.
  const int64_t row_bytes = nb * rb * W * static_cast<int64_t>(sizeof(float)) * lk;
  int64_t per_chunk = std::clamp<int64_t>(kColsBytes / std::max<int64_t>(row_bytes, 1), 1, cout_g);
  int64_t chunks = ceil_div(cout_g, per_chunk);
  if (G * blocks * chunks < T) chunks = std::min(cout_g, ceil_div(T, G * blocks));
  per_chunk = ceil_div(cout_g, chunks);
  chunks = ceil_div(cout_g, per_chunk);
  const int64_t units = G * blocks * chunks;
  T = std::min(T, units);

  struct Scratch {
    // packed: K × nn·P; cols: rows × ld, row-major; work: the GEMM's panels.
    Buffer packed, cols, work;
    std::vector<float> tmp;
    int64_t packed_for = -1;  // (g, block) whose inputs `packed` holds
  };
  std::vector<Scratch> scratch(static_cast<size_t>(T));
  const float* xp = x.data();
  float* yp = y.data();

  // Chunks vary fastest, so a thread's consecutive units usually share the
  // (group, block) inputs it already packed.
  run_units(T, units, [&](int64_t id, int64_t u) {
    Scratch& sc = scratch[static_cast<size_t>(id)];
    const int64_t g = u / (blocks * chunks), bb = (u / chunks) % blocks, ch = u % chunks;
    const int64_t n0 = bb * nb, nn = std::min(nb, N - n0);
    const int64_t c0 = ch * per_chunk, c1 = std::min(cout_g, c0 + per_chunk);
    const int64_t rows = (c1 - c0) * lk;
    const float* xg = xp + (n0 * Cin + g * cin_g) * P;
    if (nn > 1 && sc.packed_for != g * blocks + bb) {
      float* packed = sc.packed.get(K * nn * P);
      for (int64_t ci = 0; ci < K; ++ci)
        for (int64_t b = 0; b < nn; ++b)
          std::copy_n(xg + b * Cin * P + ci * P, P, packed + (ci * nn + b) * P);
      sc.packed_for = g * blocks + bb;
    }
    if (hblocks > 1) {  // the row blocks add to planes that start as the bias
      for (int64_t cl = c0; cl < c1; ++cl)
        std::fill_n(yp + (n0 * Cout + g * cout_g + cl) * plane, plane,
                    bias ? (*bias)(g * cout_g + cl) : 0.f);
    }
    sc.tmp.resize(plan.phases.size() * static_cast<size_t>(plan.max_phase_cols));
    for (int64_t hb = 0; hb < hblocks; ++hb) {
      const int64_t ih0 = hb * rb, ih1 = std::min(H, ih0 + rb), ld = nn * (ih1 - ih0) * W;
      float* const cols = sc.cols.get(rows * ld);
      kernels::GemmArgs ga{.m = rows,
                           .n = ld,
                           .k = K,
                           .c = cols,
                           .ldc = ld,
                           .work = sc.work.get(kt.gemm_work(rows, ld, K))};
      if (nn > 1) {
        ga.b = sc.packed.get(0);
        ga.ldb = ld;
      } else {  // input rows [ih0, ih1) of the group's K channels, P apart
        ga.b = xg + ih0 * W;
        ga.ldb = P;
      }
      if (lk < kk) {
        ga.a = wlive.data() + (g * cout_g + c0) * lk * K;
        ga.lda = K;
      } else {
        // weight[g's c_in, :, :, :] is a contiguous (C_in/g × C_out/g·kH·kW)
        // row-major block; its columns [c0·kk, c0·kk + rows), transposed.
        ga.a = w.data() + g * K * cout_g * kk + c0 * kk;
        ga.lda = cout_g * kk;
        ga.a_col_major = true;
      }
      kt.gemm(ga);

      // col2im: cols row (c_out_local, tap), column (b, ih - ih0, iw).
      const int64_t bp = ld / nn;  // columns per batch element
      for (int64_t b = 0; b < nn; ++b) {
        for (int64_t cl = c0; cl < c1; ++cl) {
          const int64_t co = g * cout_g + cl;
          const float* src = cols + (cl - c0) * lk * ld + b * bp;
          gather_plane(plan, geo, bias ? (*bias)(co) : 0.f, yp + ((n0 + b) * Cout + co) * plane,
                       sc.tmp.data(), ih0, ih1,
                       [&](int64_t kh, int64_t ih, const ColTap& t, float* dst) {
                         const float* row = src + slot[kh * kW + t.k] * ld + (ih - ih0) * W - t.q;
                         for (int64_t j = t.j0; j < t.j1; ++j) dst[j] += row[j];
                       });
        }
      }
    }
  });
}

// [SECTION] Winograd kernel: when dilation is 1 and the kernel is twice the
// stride on both axes (k4 s2, the usual upsampling layer), each output phase
// along an axis is a 2-tap correlation of the input, y[j] = g0·u[j] +
// g1·u[j+1] with u[j] = x[j - shift]. Winograd's F(2, 2) gives two outputs
// from three inputs with 3 multiplies instead of 4:
//   V = (u0 - u1, u1, u2 - u1), U = (g0, g0 + g1, g1), y = (m0 + m1, m1 + m2)
// for m = U ⊙ V summed over input channels. On both axes that is 9 GEMMs
// (one per element of the 3 × 3 transformed tile) of C_out/g × C_in/g ×
// tiles instead of 16 of C_out/g × C_in/g × tiles for the same 2 × 2 outputs:
// 1.78× fewer multiply-adds. The transforms only add and subtract pairs,
// so the values stay within a few ulps of the GEMM kernel's.

// One phase of one axis: outputs j·s + r for j < len, in tiles of two.
struct WinoAxis {
  int64_t r, len, tiles;
  int64_t shift;        // u[j] = x[j - shift]
  int64_t k_u, k_next;  // the taps multiplying u[j] (g0) and u[j + 1] (g1)
};

std::vector<WinoAxis> wino_axes(const Axis& a) {
  std::vector<WinoAxis> v;
  const int64_t s = a.stride;
  for (int64_t ka = 0; ka < s; ++ka) {  // taps ka and ka + s share a phase
    const int64_t off = ka - a.padding, q = detail::floor_div(off, s), r = off - q * s;
    const int64_t len = r < a.out ? ceil_div(a.out - r, s) : 0;
    if (len > 0) v.push_back({r, len, ceil_div(len, 2), q + 1, ka + s, ka});
  }
  return v;
}

bool winograd_fits(const Geometry& geo) {
  auto fits = [](const Axis& a) { return a.dilation == 1 && a.kernel == 2 * a.stride; };
  return fits(geo.h) && fits(geo.w);
}

constexpr int64_t kWinoTiles = 256;  // tiles (GEMM columns) per work unit

// What one work unit computes: phase (ah, aw) of group g, tiles [t0, t1)
// of the phase's N · ah.tiles · aw.tiles, numbered (n, tile row, tile column).
struct WinoUnit {
  const WinoAxis &ah, &aw;
  int64_t g, t0, t1;
};

// U[e][ci][co], e = 3·a + b: the group's weights of this phase, transformed
// (each GEMM's A, column-major; written in the weight's own order).
void wino_weights(const Geometry& geo, const float* wp, const WinoUnit& u, float* U) {
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group();
  const int64_t kW = geo.w.kernel, kk = geo.h.kernel * kW, plane = cout_g * cin_g;
  const int64_t t00 = u.ah.k_u * kW + u.aw.k_u, t01 = u.ah.k_u * kW + u.aw.k_next;
  const int64_t t10 = u.ah.k_next * kW + u.aw.k_u, t11 = u.ah.k_next * kW + u.aw.k_next;
  for (int64_t ci = 0; ci < cin_g; ++ci) {
    const float* wc = wp + (u.g * cin_g + ci) * cout_g * kk;
    float* d = U + ci * cout_g;
    for (int64_t co = 0; co < cout_g; ++co) {
      const float* wk = wc + co * kk;
      const float h[3][2] = {
          {wk[t00], wk[t01]}, {wk[t00] + wk[t10], wk[t01] + wk[t11]}, {wk[t10], wk[t11]}};
      for (int a = 0; a < 3; ++a) {
        d[(3 * a) * plane + co] = h[a][0];
        d[(3 * a + 1) * plane + co] = h[a][0] + h[a][1];
        d[(3 * a + 2) * plane + co] = h[a][1];
      }
    }
  }
}

// Calls f(n, th, tw0, tw1, t) for each run of tiles [t0, t1) within one tile
// row (t: the run's first column of the unit's matrices).
template <class F>
void wino_rows(const WinoUnit& u, const F& f) {
  const int64_t per_image = u.ah.tiles * u.aw.tiles;
  for (int64_t t = u.t0; t < u.t1;) {
    const int64_t n = t / per_image, th = t % per_image / u.aw.tiles, tw0 = t % u.aw.tiles;
    const int64_t tw1 = std::min(u.aw.tiles, tw0 + (u.t1 - t));
    f(n, th, tw0, tw1, t - u.t0);
    t += tw1 - tw0;
  }
}

// V[e][ci][t]: the unit's input tiles, transformed; rows holds 3 rows of
// 2·aw.tiles + 1 floats.
void wino_inputs(const Geometry& geo, const float* xp, const WinoUnit& u, float* V, float* rows) {
  const int64_t cin_g = geo.in_per_group(), H = geo.h.in, W = geo.w.in, nt = u.t1 - u.t0;
  const int64_t lw = 2 * u.aw.tiles + 1, plane = cin_g * nt;
  wino_rows(u, [&](int64_t n, int64_t th, int64_t tw0, int64_t tw1, int64_t t) {
    for (int64_t ci = 0; ci < cin_g; ++ci) {
      const float* xc = xp + ((n * geo.in_channels + u.g * cin_g + ci) * H) * W;
      for (int a = 0; a < 3; ++a) {  // u rows 2·th + a, zero outside the input
        const int64_t ih = 2 * th + a - u.ah.shift;
        float* row = rows + a * lw;
        for (int64_t i = 2 * tw0; i <= 2 * tw1; ++i) {
          const int64_t iw = i - u.aw.shift;
          row[i] = ih >= 0 && ih < H && iw >= 0 && iw < W ? xc[ih * W + iw] : 0.f;
        }
      }
      const float *r0 = rows, *r1 = rows + lw, *r2 = rows + 2 * lw;
      float* d = V + ci * nt + t - tw0;
      for (int64_t tw = tw0; tw < tw1; ++tw) {
        const int64_t i = 2 * tw;
        const float c[3][3] = {{r0[i] - r1[i], r1[i], r2[i] - r1[i]},
                               {r0[i + 1] - r1[i + 1], r1[i + 1], r2[i + 1] - r1[i + 1]},
                               {r0[i + 2] - r1[i + 2], r1[i + 2], r2[i + 2] - r1[i + 2]}};
        for (int a = 0; a < 3; ++a) {
          d[(3 * a) * plane + tw] = c[0][a] - c[1][a];
          d[(3 * a + 1) * plane + tw] = c[1][a];
          d[(3 * a + 2) * plane + tw] = c[2][a] - c[1][a];
        }
      }
    }
  });
}

// The unit's outputs from M[e][co][t]: bias plus the inverse transform,
// each output element written once.
void wino_outputs(const Geometry& geo, const Tensor1* bias, const float* M, const WinoUnit& u,
                  float* yp) {
  const int64_t cout_g = geo.out_per_group(), Ho = geo.h.out, Wo = geo.w.out;
  const int64_t sh = geo.h.stride, sw = geo.w.stride, nt = u.t1 - u.t0, plane = cout_g * nt;
  wino_rows(u, [&](int64_t n, int64_t th, int64_t tw0, int64_t tw1, int64_t t) {
    const int64_t rows = std::min<int64_t>(2, u.ah.len - 2 * th);
    for (int64_t cl = 0; cl < cout_g; ++cl) {
      const int64_t co = u.g * cout_g + cl;
      const float b = bias ? (*bias)(co) : 0.f;
      float* out =
          yp + (n * geo.out_channels + co) * Ho * Wo + (2 * th * sh + u.ah.r) * Wo + u.aw.r;
      const float* m = M + cl * nt + t - tw0;
      for (int64_t tw = tw0; tw < tw1; ++tw) {
        float s[3][2];
        for (int a = 0; a < 3; ++a) {
          const float m0 = m[(3 * a) * plane + tw], m1 = m[(3 * a + 1) * plane + tw];
          const float m2 = m[(3 * a + 2) * plane + tw];
          s[a][0] = m0 + m1;
          s[a][1] = m1 + m2;
        }
        const int64_t cols = std::min<int64_t>(2, u.aw.len - 2 * tw);
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t j = 0; j < cols; ++j)
            out[i * sh * Wo + (2 * tw + j) * sw] = b + (s[i][j] + s[i + 1][j]);
      }
    }
  });
}

void run_winograd(const kernels::Table& kt, const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                  const Geometry& geo, int64_t T, Tensor4& y) {
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group(), G = geo.groups;
  const std::vector<WinoAxis> ah = wino_axes(geo.h), aw = wino_axes(geo.w);
  const int64_t phases = static_cast<int64_t>(ah.size() * aw.size());
  // Chunks of each phase's tiles: about kWinoTiles each, and enough units
  // for every thread.
  int64_t most = 0;
  for (const WinoAxis& a : ah)
    for (const WinoAxis& b : aw) most = std::max(most, geo.batch * a.tiles * b.tiles);
  int64_t chunks = ceil_div(most, kWinoTiles);
  if (G * phases * chunks < T) chunks = std::min(most, ceil_div(T, G * phases));
  const int64_t units = G * phases * chunks, nt_max = ceil_div(most, chunks);
  T = std::min(T, units);
  struct Scratch {
    Buffer U, V, M, rows, work;
  };
  std::vector<Scratch> scratch(static_cast<size_t>(T));
  run_units(T, units, [&](int64_t id, int64_t unit) {
    Scratch& sc = scratch[static_cast<size_t>(id)];
    const int64_t g = unit / (phases * chunks), p = unit / chunks % phases, c = unit % chunks;
    const int64_t naw = static_cast<int64_t>(aw.size());
    const WinoAxis &a = ah[p / naw], &b = aw[p % naw];
    const int64_t total = geo.batch * a.tiles * b.tiles;
    const WinoUnit u{a, b, g, c * total / chunks, (c + 1) * total / chunks};
    const int64_t nt = u.t1 - u.t0;
    if (nt == 0) return;
    float* U = sc.U.get(9 * cout_g * cin_g);
    float* V = sc.V.get(9 * cin_g * nt_max);
    float* M = sc.M.get(9 * cout_g * nt_max);
    wino_weights(geo, w.data(), u, U);
    wino_inputs(geo, x.data(), u, V, sc.rows.get(3 * (2 * b.tiles + 1)));
    float* work = sc.work.get(kt.gemm_work(cout_g, nt, cin_g));
    for (int64_t e = 0; e < 9; ++e)
      kt.gemm({.m = cout_g,
               .n = nt,
               .k = cin_g,
               .a = U + e * cout_g * cin_g,
               .lda = cout_g,
               .a_col_major = true,
               .b = V + e * cin_g * nt,
               .ldb = nt,
               .c = M + e * cout_g * nt,
               .ldc = nt,
               .work = work});
    wino_outputs(geo, bias, M, u, y.data());
  });
}

}  // namespace

GemmKernel choose_gemm_kernel(const Geometry& geo, Isa isa) {
  if (geo.in_per_group() < kMinGemmDepth) return GemmKernel::Direct;
  const bool winograd = winograd_fits(geo) && kernels::table_for(isa).winograd;
  return winograd ? GemmKernel::Winograd : GemmKernel::Gemm;
}

Tensor4 conv_transpose2d_gemm(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo, int threads) {
  return conv_transpose2d_gemm(x, w, bias, geo, threads, GemmKernel::Auto);
}

Tensor4 conv_transpose2d_gemm(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo, int threads, GemmKernel kernel, Isa isa) {
  const kernels::Table& kt = kernels::table_for(isa);  // first: a bad TCONV_ISA always throws
  Tensor4 y(geo.batch, geo.out_channels, geo.h.out, geo.w.out);
  if (y.size() == 0) return y;  // empty batch: see conv_transpose2d_scatter
  const Plan plan(geo);
  const int64_t T = thread_count(threads, geo.macs());
  if (kernel == GemmKernel::Auto) kernel = choose_gemm_kernel(geo, kt.isa);
  if (kernel == GemmKernel::Winograd && !winograd_fits(geo)) kernel = GemmKernel::Gemm;
  if (kernel == GemmKernel::Direct)
    run_direct(kt, x, w, bias, geo, T, y);
  else if (kernel == GemmKernel::Winograd)
    run_winograd(kt, x, w, bias, geo, T, y);
  else
    run_gemm(kt, x, w, bias, geo, plan, T, y);
  return y;
}

}  // namespace tconv
