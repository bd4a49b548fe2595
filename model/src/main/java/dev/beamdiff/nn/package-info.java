/**
 * Neural-network building blocks on DJL that DJL itself lacks or gets wrong: {@link
 * dev.beamdiff.nn.GroupNorm}, {@link dev.beamdiff.nn.Silu}, global-norm {@link
 * dev.beamdiff.nn.GradientClipping}. The UNet lives in {@code dev.beamdiff.nn.unet}, the
 * noise-level and label embeddings in {@code dev.beamdiff.nn.embedding}.
 *
 * <p>Memory convention of every block here: the result of an operation belongs to the manager of
 * its first operand, so each forward pass keeps the caller's input first, closes its own
 * intermediates as soon as they are consumed, and leaves nothing attached to the model's manager.
 * (In training the autograd graph keeps what backward needs; closing the Java handles does not free
 * those tensors.)
 */
package dev.beamdiff.nn;
