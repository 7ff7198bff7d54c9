// placeholder so the target builds; replaced by the layer's code.
