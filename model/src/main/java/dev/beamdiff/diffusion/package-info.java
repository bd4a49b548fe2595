/**
 * The diffusion core: noise schedules, prediction transforms, loss weightings and samplers.
 *
 * <p>Every schedule describes a forward process {@code x_t = α(t)·x0 + σ(t)·ε}. Samplers work in
 * the equivalent variance-exploding frame of Karras et al. 2022 (EDM, arXiv:2206.00364, §2): {@code
 * x̃ = x/α = x0 + σ̃·ε} with {@code σ̃ = σ/α}, where the probability-flow ODE is {@code dx̃/dσ̃ =
 * (x̃ − D(x̃; σ̃))/σ̃} for any schedule. The network is reached through a {@link
 * dev.beamdiff.diffusion.Denoiser}; {@link dev.beamdiff.diffusion.sampling.SamplingModel} adds the
 * schedule's input scaling, noise conditioning, guidance and thresholding and turns it into the
 * {@link dev.beamdiff.diffusion.X0Predictor} {@code D(x̃; σ̃)} that samplers call.
 *
 * <p>Scalar schedule math is double precision; tensors are DJL {@code NDArray}s of any floating
 * type (float32 for networks, float64 in the convergence tests).
 */
package dev.beamdiff.diffusion;
