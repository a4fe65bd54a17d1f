import FFT from 'fft.js';

/**
 * Whisper's log-mel spectrogram, computed the way openai/whisper and HF WhisperFeatureExtractor do:
 * 30 s at 16 kHz, 400-point STFT (periodic Hann, hop 160, centred with reflect padding), power
 * spectrum, 80 slaney-normalised slaney-scale mel filters over 0..8000 Hz, log10(max(x, 1e-10)),
 * clamp to (max - 8), (x + 4) / 4. Output is [80, 3000] row-major, ready for `input_features`.
 */
export const SAMPLE_RATE = 16_000;
export const N_FFT = 400;
export const HOP = 160;
export const N_MELS = 80;
export const CHUNK_SAMPLES = 30 * SAMPLE_RATE;
export const N_FRAMES = CHUNK_SAMPLES / HOP; // 3000

const N_BINS = N_FFT / 2 + 1; // 201
const PAD = N_FFT / 2;
// 400 = 16 x 25: a power-of-two FFT (fft.js) for the inner length, a small DFT for the outer one.
const N1 = 16;
const N2 = 25;

/** Slaney mel scale (librosa htk=False): linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
}

export function melToHz(mel: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : mel * fSp;
}

/** librosa.filters.mel(sr=16000, n_fft=400, n_mels=80, htk=False, norm='slaney'): [80][201]. */
export function melFilterbank(nMels = N_MELS, nFft = N_FFT, sampleRate = SAMPLE_RATE): Float64Array[] {
  const nBins = nFft / 2 + 1;
  const fftFreqs = Array.from({ length: nBins }, (_, i) => (i * sampleRate) / nFft);
  const melMin = hzToMel(0);
  const melMax = hzToMel(sampleRate / 2);
  const melF = Array.from({ length: nMels + 2 }, (_, i) => melToHz(melMin + ((melMax - melMin) * i) / (nMels + 1)));
  const filters: Float64Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const row = new Float64Array(nBins);
    const enorm = 2 / (melF[m + 2]! - melF[m]!);
    for (let k = 0; k < nBins; k++) {
      const lower = (fftFreqs[k]! - melF[m]!) / (melF[m + 1]! - melF[m]!);
      const upper = (melF[m + 2]! - fftFreqs[k]!) / (melF[m + 2]! - melF[m + 1]!);
      row[k] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
    filters.push(row);
  }
  return filters;
}

interface SparseFilter {
  start: number;
  weights: Float64Array;
}

/** Reusable feature extractor: window, filterbank, twiddles and buffers are made once. */
export class WhisperMel {
  private readonly window = new Float64Array(N_FFT);
  private readonly filters: SparseFilter[];
  private readonly fft16 = new FFT(N1);
  private readonly padded = new Float64Array(CHUNK_SAMPLES + 2 * PAD);
  private readonly power = new Float64Array(N_FRAMES * N_BINS);
  // scratch for one packed complex 400-point DFT
  private readonly fftIn = this.fft16.createComplexArray() as number[];
  private readonly fftOut = this.fft16.createComplexArray() as number[];
  private readonly stage1Re = new Float64Array(N_FFT);
  private readonly stage1Im = new Float64Array(N_FFT);
  private readonly outRe = new Float64Array(N_FFT);
  private readonly outIm = new Float64Array(N_FFT);
  private readonly twRe = new Float64Array(N2 * N1);
  private readonly twIm = new Float64Array(N2 * N1);
  /** W25^e for e = 0..24 */
  private readonly w25Re = new Float64Array(N2);
  private readonly w25Im = new Float64Array(N2);
  private readonly mid5Re = new Float64Array(N2);
  private readonly mid5Im = new Float64Array(N2);

  constructor() {
    for (let i = 0; i < N_FFT; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N_FFT); // periodic Hann
    this.filters = melFilterbank().map((row) => {
      let start = 0;
      while (start < row.length && row[start] === 0) start++;
      let end = row.length;
      while (end > start && row[end - 1] === 0) end--;
      return { start, weights: row.slice(start, end) };
    });
    for (let n2 = 0; n2 < N2; n2++) {
      for (let k1 = 0; k1 < N1; k1++) {
        const a = (-2 * Math.PI * n2 * k1) / N_FFT;
        this.twRe[n2 * N1 + k1] = Math.cos(a);
        this.twIm[n2 * N1 + k1] = Math.sin(a);
      }
    }
    for (let e = 0; e < N2; e++) {
      this.w25Re[e] = Math.cos((-2 * Math.PI * e) / N2);
      this.w25Im[e] = Math.sin((-2 * Math.PI * e) / N2);
    }
  }

  /**
   * Features for the last 30 s of `samples` (16 kHz mono, [-1, 1]); shorter audio is zero-padded.
   * Writes into `out` when given (length 80 * 3000) so a caller can reuse one buffer.
   */
  compute(samples: Float32Array, out: Float32Array = new Float32Array(N_MELS * N_FRAMES)): Float32Array {
    this.fillPadded(samples);
    for (let t = 0; t < N_FRAMES; t += 2) this.powerOfTwoFrames(t);
    let maxLog = -Infinity;
    for (let m = 0; m < N_MELS; m++) {
      const { start, weights } = this.filters[m]!;
      const row = m * N_FRAMES;
      for (let t = 0; t < N_FRAMES; t++) {
        const base = t * N_BINS + start;
        let sum = 0;
        for (let j = 0; j < weights.length; j++) sum += weights[j]! * this.power[base + j]!;
        const v = Math.log10(Math.max(sum, 1e-10));
        out[row + t] = v;
        if (v > maxLog) maxLog = v;
      }
    }
    const floor = maxLog - 8;
    for (let i = 0; i < out.length; i++) out[i] = (Math.max(out[i]!, floor) + 4) / 4;
    return out;
  }

  /** The 30 s chunk (last 30 s, zero-padded) with torch.stft's centre reflect padding. */
  private fillPadded(samples: Float32Array): void {
    const p = this.padded;
    p.fill(0);
    const src = samples.length > CHUNK_SAMPLES ? samples.subarray(samples.length - CHUNK_SAMPLES) : samples;
    for (let i = 0; i < src.length; i++) p[PAD + i] = src[i]!;
    const last = PAD + CHUNK_SAMPLES - 1;
    for (let i = 1; i <= PAD; i++) {
      p[PAD - i] = p[PAD + i]!;
      p[last + i] = p[last - i]!;
    }
  }

  /** Power spectra of frames t and t+1 from one complex DFT of (frame t) + i (frame t+1). */
  private powerOfTwoFrames(t: number): void {
    const { padded, window, fftIn, fftOut, stage1Re, stage1Im, outRe, outIm, twRe, twIm, w25Re, w25Im, mid5Re, mid5Im } = this;
    const offA = t * HOP;
    const offB = offA + HOP;
    // stage 1: for each n2, a 16-point FFT over x[25 n1 + n2], then twiddle by W400^(n2 k1)
    for (let n2 = 0; n2 < N2; n2++) {
      for (let n1 = 0; n1 < N1; n1++) {
        const n = N2 * n1 + n2;
        fftIn[2 * n1] = padded[offA + n]! * window[n]!;
        fftIn[2 * n1 + 1] = padded[offB + n]! * window[n]!;
      }
      this.fft16.transform(fftOut, fftIn);
      for (let k1 = 0; k1 < N1; k1++) {
        const re = fftOut[2 * k1]!;
        const im = fftOut[2 * k1 + 1]!;
        const wr = twRe[n2 * N1 + k1]!;
        const wi = twIm[n2 * N1 + k1]!;
        stage1Re[n2 * N1 + k1] = re * wr - im * wi;
        stage1Im[n2 * N1 + k1] = re * wi + im * wr;
      }
    }
    // stage 2: for each k1, a 25-point DFT over n2 gives X[k1 + 16 k2], itself split 5 x 5
    for (let k1 = 0; k1 < N1; k1++) {
      // inner 5-point DFTs over m1 (n2 = 5 m1 + m2), twiddled by W25^(m2 j1)
      for (let m2 = 0; m2 < 5; m2++) {
        for (let j1 = 0; j1 < 5; j1++) {
          let re = 0;
          let im = 0;
          for (let m1 = 0; m1 < 5; m1++) {
            const src = (5 * m1 + m2) * N1 + k1;
            const w = ((m1 * j1) % 5) * 5; // W5^(m1 j1) = W25^(5 m1 j1)
            const ar = stage1Re[src]!;
            const ai = stage1Im[src]!;
            re += ar * w25Re[w]! - ai * w25Im[w]!;
            im += ar * w25Im[w]! + ai * w25Re[w]!;
          }
          const tw = m2 * j1;
          mid5Re[m2 * 5 + j1] = re * w25Re[tw]! - im * w25Im[tw]!;
          mid5Im[m2 * 5 + j1] = re * w25Im[tw]! + im * w25Re[tw]!;
        }
      }
      // outer 5-point DFTs over m2: k2 = j1 + 5 j2
      for (let j1 = 0; j1 < 5; j1++) {
        for (let j2 = 0; j2 < 5; j2++) {
          let re = 0;
          let im = 0;
          for (let m2 = 0; m2 < 5; m2++) {
            const w = ((m2 * j2) % 5) * 5;
            const br = mid5Re[m2 * 5 + j1]!;
            const bi = mid5Im[m2 * 5 + j1]!;
            re += br * w25Re[w]! - bi * w25Im[w]!;
            im += br * w25Im[w]! + bi * w25Re[w]!;
          }
          const k = k1 + N1 * (j1 + 5 * j2);
          outRe[k] = re;
          outIm[k] = im;
        }
      }
    }
    // unpack: A[k] = (Z[k] + conj Z[N-k]) / 2, B[k] = (Z[k] - conj Z[N-k]) / 2i
    const hasB = t + 1 < N_FRAMES;
    const baseA = t * N_BINS;
    const baseB = baseA + N_BINS;
    for (let k = 0; k < N_BINS; k++) {
      const j = (N_FFT - k) % N_FFT;
      const zr = outRe[k]!;
      const zi = outIm[k]!;
      const cr = outRe[j]!;
      const ci = -outIm[j]!;
      const ar = (zr + cr) / 2;
      const ai = (zi + ci) / 2;
      this.power[baseA + k] = ar * ar + ai * ai;
      if (hasB) {
        const br = (zi - ci) / 2;
        const bi = -(zr - cr) / 2;
        this.power[baseB + k] = br * br + bi * bi;
      }
    }
  }
}
