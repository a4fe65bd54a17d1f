#!/usr/bin/python3
"""Reference Whisper log-mel features in numpy, written from Whisper's published formulas.

usage: reference_mel.py in.wav out.f32
in.wav: 16 kHz mono 16-bit PCM. out.f32: 80 x 3000 float32 little-endian, row-major.
Also cross-checks the numpy STFT against torch.stft (Whisper's own call) when torch is present.
"""
import sys
import wave

import numpy as np

SR, N_FFT, HOP, N_MELS, N_SAMPLES = 16000, 400, 160, 80, 480000


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == SR and w.getnchannels() == 1 and w.getsampwidth() == 2, "need 16 kHz mono s16"
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0


def hz_to_mel(f):  # librosa, htk=False (slaney)
    f = np.asanyarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-12) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters():  # librosa.filters.mel(sr=16000, n_fft=400, n_mels=80), norm='slaney'
    fftfreqs = np.linspace(0, SR / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((N_MELS, len(fftfreqs)))
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2 : N_MELS + 2] - mel_f[:N_MELS])
    return weights * enorm[:, None]


def power_spectrum(audio):  # torch.stft(center=True, pad_mode='reflect', periodic hann), drop last frame
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    padded = np.pad(audio, N_FFT // 2, mode="reflect")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    frames = np.stack([padded[t * HOP : t * HOP + N_FFT] for t in range(n_frames)])
    spec = np.fft.rfft(frames * window, axis=1)
    return (np.abs(spec) ** 2).T[:, :-1]  # [201, 3000]


def log_mel(audio):
    audio = audio[-N_SAMPLES:]
    audio = np.pad(audio, (0, N_SAMPLES - len(audio)))
    mel = mel_filters() @ power_spectrum(audio)
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0, audio


def main():
    feats, audio = log_mel(read_wav(sys.argv[1]))
    try:
        import torch

        stft = torch.stft(torch.from_numpy(audio), N_FFT, HOP, window=torch.hann_window(N_FFT, dtype=torch.float64), return_complex=True)
        torch_power = (stft[..., :-1].abs() ** 2).numpy()
        ours = power_spectrum(audio)
        assert np.allclose(torch_power, ours, rtol=1e-6, atol=1e-9), "numpy STFT differs from torch.stft"
    except ImportError:
        pass
    feats.astype("<f4").tofile(sys.argv[2])


if __name__ == "__main__":
    main()
