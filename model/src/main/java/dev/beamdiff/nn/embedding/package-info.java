/**
 * Embeddings of the conditioning inputs of the UNet: the sinusoidal noise-level embedding followed
 * by its MLP, and the class-label embedding with its extra "null" label for classifier-free
 * guidance.
 */
package dev.beamdiff.nn.embedding;
