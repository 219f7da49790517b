// DNNLKernels: oneDNN convolution kernels on raw NCHW buffers; filled by the engine issue.
